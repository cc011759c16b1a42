import { RdataError } from '../errors.js';

/**
 * Binary-to-text encodings used in presentation form. Output is split into
 * 56-character words separated by spaces, as BIND prints them; input accepts
 * any whitespace split (RFC 4034 §2.2: the field may contain whitespace).
 */
const WORD = 56;

function words(text: string): string {
  if (text.length <= WORD) return text;
  let out = text.slice(0, WORD);
  for (let i = WORD; i < text.length; i += WORD) out += ` ${text.slice(i, i + WORD)}`;
  return out;
}

const HEX_DIGITS = '0123456789ABCDEF';
const HEX_BYTE: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15],
);

/** Uppercase hex without spaces. */
export function hexString(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i++) out += HEX_BYTE[data[i]];
  return out;
}

/** Uppercase hex in 56-character words. */
export function hexToText(data: Uint8Array): string {
  return words(hexString(data));
}

/** Hex digits, whitespace ignored, an even number of them. */
export function hexFromText(text: string, what = 'hex'): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new RdataError(`bad ${what} '${text}'`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/** Base64 (RFC 4648 §4) in 56-character words. */
export function base64ToText(data: Uint8Array): string {
  return words(Buffer.from(data.buffer, data.byteOffset, data.length).toString('base64'));
}

/** Strict base64: Buffer's decoder skips invalid characters, so check the alphabet and padding first. */
export function base64FromText(text: string, what = 'base64'): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean))
    throw new RdataError(`bad ${what} '${text}'`);
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

const BASE32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
const BASE32HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  BASE32HEX_VALUE[BASE32HEX.charCodeAt(i)] = i;
  BASE32HEX_VALUE[BASE32HEX.toLowerCase().charCodeAt(i)] = i;
}

/** Base32hex without padding (RFC 4648 §7), as NSEC3 uses for hashed owners (RFC 5155 §3.3). */
export function base32hexToText(data: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = 0; i < data.length; i++) {
    value = (value << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32HEX[(value >>> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(value << (5 - bits)) & 31];
  return out;
}

/** Base32hex, case-insensitive, padding optional; leftover bits must be zero. */
export function base32hexFromText(text: string, what = 'base32hex'): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? BASE32HEX_VALUE[c] : -1;
    if (v < 0) throw new RdataError(`bad ${what} '${text}'`);
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >>> bits) & 0xff;
    }
  }
  if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) throw new RdataError(`bad ${what} '${text}'`);
  return out;
}
