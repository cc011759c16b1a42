import { hexFromText, hexToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** ZONEMD (RFC 8976 §2.2); the digest is at least 12 octets (§2.2.4). */
export interface ZONEMDRdata {
  type: 'ZONEMD';
  serial: number;
  scheme: number;
  hashAlgorithm: number;
  digest: Uint8Array;
}

export const zonemdCodec: RdataCodec<ZONEMDRdata> = {
  type: 'ZONEMD',
  decode: (r) => ({
    type: 'ZONEMD',
    serial: r.u32(),
    scheme: r.u8(),
    hashAlgorithm: r.u8(),
    digest: r.restAtLeast(12, 'digest'),
  }),
  encode: (v, b) => {
    b.u32(v.serial);
    b.u8(v.scheme);
    b.u8(v.hashAlgorithm);
    b.bytes(v.digest);
  },
  toText: (v) => `${v.serial} ${v.scheme} ${v.hashAlgorithm} ${hexToText(v.digest)}`,
  fromText: (t) => ({
    type: 'ZONEMD',
    serial: t.u32('serial'),
    scheme: t.u8('scheme'),
    hashAlgorithm: t.u8('hash algorithm'),
    digest: hexFromText(t.joinRest('digest'), 'ZONEMD digest'),
  }),
};
