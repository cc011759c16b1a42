import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from '../ip-address.js';
import type { RdataCodec } from './codec.js';

/** A: an IPv4 address (RFC 1035 §3.4.1). */
export interface ARdata {
  type: 'A';
  address: string;
}

/** AAAA: an IPv6 address (RFC 3596 §2.2). */
export interface AAAARdata {
  type: 'AAAA';
  address: string;
}

export const aCodec: RdataCodec<ARdata> = {
  type: 'A',
  decode: (r) => {
    const at = r.pos;
    r.bytes(4);
    return { type: 'A', address: ipv4ToText(r.buf, at) };
  },
  encode: (v, b) => b.bytes(ipv4FromText(v.address)),
  toText: (v) => ipv4ToText(ipv4FromText(v.address)),
  fromText: (t) => ({ type: 'A', address: ipv4ToText(ipv4FromText(t.text('address'))) }),
};

export const aaaaCodec: RdataCodec<AAAARdata> = {
  type: 'AAAA',
  decode: (r) => {
    const at = r.pos;
    r.bytes(16);
    return { type: 'AAAA', address: ipv6ToText(r.buf, at) };
  },
  encode: (v, b) => b.bytes(ipv6FromText(v.address)),
  toText: (v) => ipv6ToText(ipv6FromText(v.address)),
  fromText: (t) => ({ type: 'AAAA', address: ipv6ToText(ipv6FromText(t.text('address'))) }),
};
