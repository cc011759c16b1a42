import { createHmac } from 'node:crypto';
import { RRClass } from '@shoal/dns-wire';
import type { TsigKey } from './key.js';
import { put16, put48, type TsigRecord } from './wire.js';

/** A MAC as it enters a later digest: two octets of length, then the MAC (RFC 8945 §4.3.1, §4.3.2). */
function macField(mac: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + mac.length);
  put16(out, 0, mac.length);
  out.set(mac, 2);
  return out;
}

/**
 * The TSIG variables (RFC 8945 §4.3.3): key name and algorithm in canonical form, class ANY,
 * TTL 0, time signed, fudge, error, other data.
 */
function variables(record: TsigRecord): Uint8Array {
  const name = record.keyName.toCanonicalWire();
  const algorithm = record.algorithm.toCanonicalWire();
  const out = new Uint8Array(name.length + 6 + algorithm.length + 12 + record.other.length);
  let p = 0;
  out.set(name, p);
  p += name.length;
  p = put16(out, p, RRClass.ANY);
  p += 4; // TTL
  out.set(algorithm, p);
  p += algorithm.length;
  p = put48(out, p, record.timeSigned);
  p = put16(out, p, record.fudge);
  p = put16(out, p, record.error);
  p = put16(out, p, record.other.length);
  out.set(record.other, p);
  return out;
}

/** Time signed and fudge only: what later messages of a signed stream cover (RFC 8945 §4.3.3). */
function timers(record: TsigRecord): Uint8Array {
  const out = new Uint8Array(8);
  put16(out, put48(out, 0, record.timeSigned), record.fudge);
  return out;
}

/**
 * The MAC of a request, of a single response or of the first message of a stream: the
 * request's MAC when answering, the message without TSIG, then the TSIG variables.
 */
export function fullMac(
  key: TsigKey,
  message: Uint8Array,
  record: TsigRecord,
  requestMac?: Uint8Array,
): Uint8Array {
  const h = createHmac(key.algorithm.hash, key.secret);
  if (requestMac) h.update(macField(requestMac));
  h.update(message);
  h.update(variables(record));
  return new Uint8Array(h.digest());
}

/**
 * The MAC of a later message of a stream (RFC 8945 §5.3.1): the prior MAC, every message since
 * it (unsigned ones included), then the timers.
 */
export function continuationMac(
  key: TsigKey,
  priorMac: Uint8Array,
  messages: readonly Uint8Array[],
  record: TsigRecord,
): Uint8Array {
  const h = createHmac(key.algorithm.hash, key.secret);
  h.update(macField(priorMac));
  for (const m of messages) h.update(m);
  h.update(timers(record));
  return new Uint8Array(h.digest());
}
