import type { Name } from '../name.js';
import type { RdataCodec } from './codec.js';

/**
 * The types whose RDATA is a single domain name: NS (RFC 1035 §3.3.11),
 * CNAME (§3.3.1), PTR (§3.3.12) and DNAME (RFC 6672 §2.1).
 */
export interface TargetRdata<T extends 'NS' | 'CNAME' | 'PTR' | 'DNAME'> {
  type: T;
  target: Name;
}

export type NSRdata = TargetRdata<'NS'>;
export type CNAMERdata = TargetRdata<'CNAME'>;
export type PTRRdata = TargetRdata<'PTR'>;
export type DNAMERdata = TargetRdata<'DNAME'>;

function targetCodec<T extends 'NS' | 'CNAME' | 'PTR' | 'DNAME'>(type: T): RdataCodec<TargetRdata<T>> {
  return {
    type,
    decode: (r) => ({ type, target: r.name() }),
    encode: (v, b) => b.name(v.target),
    toText: (v) => v.target.toString(),
    fromText: (t) => ({ type, target: t.name('target') }),
  };
}

export const nsCodec = targetCodec('NS');
export const cnameCodec = targetCodec('CNAME');
export const ptrCodec = targetCodec('PTR');
export const dnameCodec = targetCodec('DNAME');
