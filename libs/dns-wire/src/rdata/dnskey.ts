import { base64FromText, base64ToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** DNSKEY (RFC 4034 §2.1) and CDNSKEY (RFC 7344 §3.2, same format; `0 3 0 AA==` deletes). */
export interface KeyRdata<T extends 'DNSKEY' | 'CDNSKEY'> {
  type: T;
  flags: number;
  protocol: number;
  algorithm: number;
  publicKey: Uint8Array;
}

export type DNSKEYRdata = KeyRdata<'DNSKEY'>;
export type CDNSKEYRdata = KeyRdata<'CDNSKEY'>;

function keyCodec<T extends 'DNSKEY' | 'CDNSKEY'>(type: T): RdataCodec<KeyRdata<T>> {
  return {
    type,
    decode: (r) => ({ type, flags: r.u16(), protocol: r.u8(), algorithm: r.u8(), publicKey: r.rest() }),
    encode: (v, b) => {
      b.u16(v.flags);
      b.u8(v.protocol);
      b.u8(v.algorithm);
      b.bytes(v.publicKey);
    },
    // An empty key is legal (RFC 2535 "no key" flags) and is simply not printed.
    toText: (v) =>
      `${v.flags} ${v.protocol} ${v.algorithm}${v.publicKey.length ? ` ${base64ToText(v.publicKey)}` : ''}`,
    fromText: (t) => ({
      type,
      flags: t.u16('flags'),
      protocol: t.u8('protocol'),
      algorithm: t.u8('algorithm'),
      publicKey: t.more()
        ? base64FromText(t.joinRest('public key'), `${type} public key`)
        : new Uint8Array(0),
    }),
  };
}

export const dnskeyCodec = keyCodec('DNSKEY');
export const cdnskeyCodec = keyCodec('CDNSKEY');

/** Key tag of DNSKEY RDATA (RFC 4034 Appendix B; algorithm 1 is not supported, RFC 8624). */
export function keyTag(rdata: Uint8Array): number {
  let acc = 0;
  for (let i = 0; i < rdata.length; i++) acc += i & 1 ? rdata[i] : rdata[i] << 8;
  acc += (acc >>> 16) & 0xffff;
  return acc & 0xffff;
}
