import { hexFromText, hexToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** DS (RFC 4034 §5.1) and CDS (RFC 7344 §3.1, same format; `0 0 0 00` deletes, RFC 8078 §4). */
export interface DelegationSignerRdata<T extends 'DS' | 'CDS'> {
  type: T;
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Uint8Array;
}

export type DSRdata = DelegationSignerRdata<'DS'>;
export type CDSRdata = DelegationSignerRdata<'CDS'>;

function delegationSignerCodec<T extends 'DS' | 'CDS'>(type: T): RdataCodec<DelegationSignerRdata<T>> {
  return {
    type,
    decode: (r) => ({
      type,
      keyTag: r.u16(),
      algorithm: r.u8(),
      digestType: r.u8(),
      digest: r.restAtLeast(1, 'digest'),
    }),
    encode: (v, b) => {
      b.u16(v.keyTag);
      b.u8(v.algorithm);
      b.u8(v.digestType);
      b.bytes(v.digest);
    },
    toText: (v) => `${v.keyTag} ${v.algorithm} ${v.digestType} ${hexToText(v.digest)}`,
    fromText: (t) => ({
      type,
      keyTag: t.u16('key tag'),
      algorithm: t.u8('algorithm'),
      digestType: t.u8('digest type'),
      digest: hexFromText(t.joinRest('digest'), `${type} digest`),
    }),
  };
}

export const dsCodec = delegationSignerCodec('DS');
export const cdsCodec = delegationSignerCodec('CDS');
