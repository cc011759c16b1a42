import { decodeMessage } from '@shoal/dns-wire';
import { findTsig, signMessage, type TsigKeyring, tsigRecordSize, unsignedMessage } from '@shoal/tsig';
import type { PeerContext } from './server.js';
import { checkRequestTsig } from './server.js';

export interface SignedQueryOptions {
  keyring: TsigKeyring;
  /** The ordinary answer to the query without its TSIG; null to send nothing. */
  respond: (unsigned: Uint8Array) => Uint8Array | null;
  now?: () => number;
}

/**
 * Answers an ordinary query that carries a TSIG, as secondaries send their SOA refresh queries
 * when configured with a key: the signature is checked (a failure is answered NOTAUTH with the
 * TSIG error, RFC 8945 §5.3.2), the answer engine answers the query without it, and the answer
 * is signed over the request's MAC (§5.3). An answer that would outgrow a UDP datagram once
 * signed is replaced by an empty truncated one (signed too) so the client retries over TCP.
 * Undefined when the query is not signed.
 */
export function answerSignedQuery(
  query: Uint8Array,
  peer: PeerContext,
  options: SignedQueryOptions,
): Uint8Array | null | undefined {
  const location = findTsig(query);
  if (!location) return undefined;
  const check = checkRequestTsig(query, options.keyring, options.now?.());
  if (check.failure) return check.failure.answer;
  const { key, requestMac } = check.verified;
  const unsigned = unsignedMessage(query, location);
  // The answer engine sees the ID the client used now, not the one it signed with.
  unsigned[0] = query[0];
  unsigned[1] = query[1];
  const answer = options.respond(unsigned);
  if (answer === null) return null;
  let body = answer;
  if (peer.transport === 'udp') {
    const limit = Math.max(512, udpLimit(unsigned));
    if (answer.length + tsigRecordSize(key!.name, key!.algorithm.name, key!.algorithm.macSize) > limit) {
      body = truncated(answer);
    }
  }
  return signMessage(body, key!, { requestMac, timeSigned: options.now?.() }).message;
}

/** The EDNS UDP size the query offers, or 512. */
function udpLimit(query: Uint8Array): number {
  try {
    return decodeMessage(query).edns?.udpPayloadSize ?? 512;
  } catch {
    return 512;
  }
}

/** Header and question of `answer` with TC set and no records. */
function truncated(answer: Uint8Array): Uint8Array {
  let p = 12;
  const qd = (answer[4] << 8) | answer[5];
  for (let i = 0; i < qd; i++) {
    while (answer[p] !== 0 && answer[p] < 0xc0) p += answer[p] + 1;
    p += answer[p] >= 0xc0 ? 2 : 1;
    p += 4;
  }
  const out = new Uint8Array(answer.subarray(0, p));
  out[2] |= 0x02;
  out.fill(0, 6, 12);
  return out;
}
