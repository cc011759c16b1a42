import { rrTypeFromString, rrTypeToString } from '../constants.js';
import { RdataError } from '../errors.js';
import type { Name } from '../name.js';
import { base64FromText, base64ToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** RRSIG (RFC 4034 §3.1). Times are seconds since the epoch, modulo 2^32 (§3.1.5). */
export interface RRSIGRdata {
  type: 'RRSIG';
  typeCovered: number;
  algorithm: number;
  labels: number;
  originalTtl: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signerName: Name;
  signature: Uint8Array;
}

const pad = (n: number, width: number): string => n.toString().padStart(width, '0');

/** `YYYYMMDDHHmmSS` in UTC (RFC 4034 §3.2), reading the 32-bit value as 1970..2106. */
export function signatureTimeToText(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2)
  );
}

/** `YYYYMMDDHHmmSS`, or a plain number of seconds (RFC 4034 §3.2 allows both). */
export function signatureTimeFromText(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
    const ms = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(ms);
    if (month < 1 || month > 12 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw new RdataError(`bad signature time '${text}'`);
    }
    return (ms / 1000) >>> 0;
  }
  if (/^\d{1,10}$/.test(text) && Number(text) <= 0xffffffff) return Number(text);
  throw new RdataError(`bad signature time '${text}'`);
}

export const rrsigCodec: RdataCodec<RRSIGRdata> = {
  type: 'RRSIG',
  decode: (r) => ({
    type: 'RRSIG',
    typeCovered: r.u16(),
    algorithm: r.u8(),
    labels: r.u8(),
    originalTtl: r.u32(),
    expiration: r.u32(),
    inception: r.u32(),
    keyTag: r.u16(),
    signerName: r.name(),
    signature: r.restAtLeast(1, 'signature'),
  }),
  encode: (v, b) => {
    b.u16(v.typeCovered);
    b.u8(v.algorithm);
    b.u8(v.labels);
    b.u32(v.originalTtl);
    b.u32(v.expiration);
    b.u32(v.inception);
    b.u16(v.keyTag);
    b.name(v.signerName);
    b.bytes(v.signature);
  },
  toText: (v) =>
    `${rrTypeToString(v.typeCovered)} ${v.algorithm} ${v.labels} ${v.originalTtl} ` +
    `${signatureTimeToText(v.expiration)} ${signatureTimeToText(v.inception)} ${v.keyTag} ${v.signerName} ` +
    base64ToText(v.signature),
  fromText: (t) => ({
    type: 'RRSIG',
    typeCovered: rrTypeFromString(t.text('type covered')),
    algorithm: t.u8('algorithm'),
    labels: t.u8('labels'),
    originalTtl: t.u32('original TTL'),
    expiration: signatureTimeFromText(t.text('expiration')),
    inception: signatureTimeFromText(t.text('inception')),
    keyTag: t.u16('key tag'),
    signerName: t.name('signer name'),
    signature: base64FromText(t.joinRest('signature'), 'RRSIG signature'),
  }),
};
