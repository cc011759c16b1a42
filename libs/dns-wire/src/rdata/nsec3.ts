import { RdataError } from '../errors.js';
import { base32hexFromText, base32hexToText, hexFromText, hexString } from './base-encoding.js';
import type { RdataCodec } from './codec.js';
import type { RdataReader } from './rdata-reader.js';
import type { TextCursor } from './text-cursor.js';
import { readTypeBitmap, typeBitmapFromText, typeBitmapToText, writeTypeBitmap } from './type-bitmap.js';

/** NSEC3 (RFC 5155 §3.2). */
export interface NSEC3Rdata {
  type: 'NSEC3';
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: Uint8Array;
  nextHashedOwner: Uint8Array;
  types: number[];
}

/** NSEC3PARAM (RFC 5155 §4.2). */
export interface NSEC3PARAMRdata {
  type: 'NSEC3PARAM';
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: Uint8Array;
}

/** Salt in presentation form: hex, or `-` when empty (RFC 5155 §3.3). */
function saltToText(salt: Uint8Array): string {
  return salt.length === 0 ? '-' : hexString(salt);
}

function saltFromText(t: TextCursor): Uint8Array {
  const text = t.text('salt');
  if (text === '-') return new Uint8Array(0);
  const salt = hexFromText(text, 'NSEC3 salt');
  if (salt.length > 255) throw new RdataError('NSEC3 salt longer than 255 octets');
  return salt;
}

function readParams(r: RdataReader): {
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: Uint8Array;
} {
  return { hashAlgorithm: r.u8(), flags: r.u8(), iterations: r.u16(), salt: r.string() };
}

export const nsec3Codec: RdataCodec<NSEC3Rdata> = {
  type: 'NSEC3',
  decode: (r) => {
    const params = readParams(r);
    const nextHashedOwner = r.string();
    if (nextHashedOwner.length === 0) r.fail('empty next hashed owner name');
    return { type: 'NSEC3', ...params, nextHashedOwner, types: readTypeBitmap(r) };
  },
  encode: (v, b) => {
    b.u8(v.hashAlgorithm);
    b.u8(v.flags);
    b.u16(v.iterations);
    b.string(v.salt);
    b.string(v.nextHashedOwner);
    writeTypeBitmap(v.types, b);
  },
  toText: (v) => {
    const head = `${v.hashAlgorithm} ${v.flags} ${v.iterations} ${saltToText(v.salt)} ${base32hexToText(v.nextHashedOwner)}`;
    return v.types.length === 0 ? head : `${head} ${typeBitmapToText(v.types)}`;
  },
  fromText: (t) => {
    const hashAlgorithm = t.u8('hash algorithm');
    const flags = t.u8('flags');
    const iterations = t.u16('iterations');
    const salt = saltFromText(t);
    const nextHashedOwner = base32hexFromText(t.text('next hashed owner name'), 'NSEC3 next hashed owner');
    if (nextHashedOwner.length === 0 || nextHashedOwner.length > 255) t.fail('bad next hashed owner name');
    return {
      type: 'NSEC3',
      hashAlgorithm,
      flags,
      iterations,
      salt,
      nextHashedOwner,
      types: typeBitmapFromText(t),
    };
  },
};

export const nsec3paramCodec: RdataCodec<NSEC3PARAMRdata> = {
  type: 'NSEC3PARAM',
  decode: (r) => ({ type: 'NSEC3PARAM', ...readParams(r) }),
  encode: (v, b) => {
    b.u8(v.hashAlgorithm);
    b.u8(v.flags);
    b.u16(v.iterations);
    b.string(v.salt);
  },
  toText: (v) => `${v.hashAlgorithm} ${v.flags} ${v.iterations} ${saltToText(v.salt)}`,
  fromText: (t) => ({
    type: 'NSEC3PARAM',
    hashAlgorithm: t.u8('hash algorithm'),
    flags: t.u8('flags'),
    iterations: t.u16('iterations'),
    salt: saltFromText(t),
  }),
};
