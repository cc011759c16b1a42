import { rrTypeFromString, rrTypeToString } from '../constants.js';
import { RdataError } from '../errors.js';
import type { RdataBuilder } from './rdata-builder.js';
import type { RdataReader } from './rdata-reader.js';
import type { TextCursor } from './text-cursor.js';

/**
 * The type bit maps of NSEC and NSEC3 (RFC 4034 §4.1.2): windows of up to 256
 * types, in increasing order, each with 1 to 32 octets and no trailing zero
 * octet. Anything else is rejected so the encoding is unique.
 */
export function readTypeBitmap(r: RdataReader): number[] {
  const types: number[] = [];
  let lastWindow = -1;
  while (r.remaining > 0) {
    const window = r.u8();
    const length = r.u8();
    if (window <= lastWindow) r.fail('type bit map windows out of order');
    if (length < 1 || length > 32) r.fail(`type bit map window of ${length} octets`);
    const bits = r.bytes(length);
    if (bits[length - 1] === 0) r.fail('type bit map window ends in a zero octet');
    for (let i = 0; i < length; i++) {
      const octet = bits[i];
      for (let bit = 0; bit < 8; bit++) if (octet & (0x80 >> bit)) types.push(window * 256 + i * 8 + bit);
    }
    lastWindow = window;
  }
  return types;
}

export function writeTypeBitmap(types: readonly number[], b: RdataBuilder): void {
  const sorted = [...new Set(types)].sort((x, y) => x - y);
  let i = 0;
  while (i < sorted.length) {
    const window = sorted[i] >> 8;
    if (sorted[i] < 0 || sorted[i] > 0xffff) throw new RdataError(`type ${sorted[i]} out of range`);
    const bits = new Uint8Array(32);
    let length = 0;
    for (; i < sorted.length && sorted[i] >> 8 === window; i++) {
      const low = sorted[i] & 0xff;
      bits[low >> 3] |= 0x80 >> (low & 7);
      length = (low >> 3) + 1;
    }
    b.u8(window);
    b.u8(length);
    b.bytes(bits.subarray(0, length));
  }
}

export function typeBitmapToText(types: readonly number[]): string {
  return types.map(rrTypeToString).join(' ');
}

/** Type mnemonics (or TYPEnnn) until the end of the RDATA. */
export function typeBitmapFromText(t: TextCursor): number[] {
  const types: number[] = [];
  while (t.more()) types.push(rrTypeFromString(t.text('type')));
  return types.sort((x, y) => x - y).filter((v, i, all) => i === 0 || all[i - 1] !== v);
}
