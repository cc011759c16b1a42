import { hexFromText, hexToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** TLSA (RFC 6698 §2.1) and SMIMEA (RFC 8162 §2, same format). */
export interface CertAssociationRdata<T extends 'TLSA' | 'SMIMEA'> {
  type: T;
  usage: number;
  selector: number;
  matchingType: number;
  data: Uint8Array;
}

export type TLSARdata = CertAssociationRdata<'TLSA'>;
export type SMIMEARdata = CertAssociationRdata<'SMIMEA'>;

function certAssociationCodec<T extends 'TLSA' | 'SMIMEA'>(type: T): RdataCodec<CertAssociationRdata<T>> {
  return {
    type,
    decode: (r) => ({
      type,
      usage: r.u8(),
      selector: r.u8(),
      matchingType: r.u8(),
      data: r.restAtLeast(1, 'data'),
    }),
    encode: (v, b) => {
      b.u8(v.usage);
      b.u8(v.selector);
      b.u8(v.matchingType);
      b.bytes(v.data);
    },
    toText: (v) => `${v.usage} ${v.selector} ${v.matchingType} ${hexToText(v.data)}`,
    fromText: (t) => ({
      type,
      usage: t.u8('usage'),
      selector: t.u8('selector'),
      matchingType: t.u8('matching type'),
      data: hexFromText(t.joinRest('certificate association data'), `${type} data`),
    }),
  };
}

export const tlsaCodec = certAssociationCodec('TLSA');
export const smimeaCodec = certAssociationCodec('SMIMEA');
