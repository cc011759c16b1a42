import { createHash } from 'node:crypto';
import type { Name } from '@shoal/dns-wire';

/** RFC 5155 §11: SHA-1 is hash algorithm 1, the only one defined. */
export const NSEC3_SHA1 = 1;
/** RFC 5155 §3.1.2.1: the Opt-Out flag of an NSEC3 record. */
export const NSEC3_OPT_OUT = 0x01;

export interface Nsec3Params {
  hashAlgorithm: number;
  iterations: number;
  salt: Uint8Array;
}

/** RFC 9276 §3.1: no extra iterations and no salt. */
export const RFC9276_PARAMS: Nsec3Params = Object.freeze({
  hashAlgorithm: NSEC3_SHA1,
  iterations: 0,
  salt: new Uint8Array(0),
});

/**
 * RFC 5155 §5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(salt, x, k-1) || salt),
 * over the owner name in canonical (lowercase) wire form.
 */
export function nsec3HashWire(canonicalWire: Uint8Array, params: Nsec3Params): Uint8Array {
  let digest = createHash('sha1').update(canonicalWire).update(params.salt).digest();
  for (let i = 0; i < params.iterations; i++) {
    digest = createHash('sha1').update(digest).update(params.salt).digest();
  }
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

export function nsec3Hash(name: Name, params: Nsec3Params): Uint8Array {
  return nsec3HashWire(name.toCanonicalWire(), params);
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** Base32hex without padding (RFC 4648 §7), lowercase: the first label of an NSEC3 owner. */
export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = (buffer << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32hex (either case, no padding); undefined when the text is not base32hex. */
export function base32hexDecode(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let p = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x76 ? c - 0x61 + 10 : -1;
    if (v < 0) return undefined;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out[p++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  // Leftover bits must be zero padding (RFC 4648 §3.5 canonical encoding).
  if (buffer !== 0) return undefined;
  return out;
}
