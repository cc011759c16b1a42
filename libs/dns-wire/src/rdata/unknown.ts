import { RdataError } from '../errors.js';
import { hexFromText, hexToText } from './base-encoding.js';
import type { TextCursor } from './text-cursor.js';

/** RDATA of a type without a typed codec, carried opaquely (RFC 3597). */
export interface UnknownRdata {
  type: 'UNKNOWN';
  code: number;
  data: Uint8Array;
}

/** The generic presentation form `\# <length> <hex>` (RFC 3597 §5). */
export function genericToText(data: Uint8Array): string {
  return data.length === 0 ? '\\# 0' : `\\# ${data.length} ${hexToText(data)}`;
}

/** True when the cursor is at a generic `\#` form (an unquoted `\#` token). */
export function isGenericText(t: TextCursor): boolean {
  const token = t.peek();
  return token !== undefined && !token.quoted && token.text === '\\#';
}

/** Reads `\# <length> <hex>...`; the hex may be split into several words. */
export function genericFromText(t: TextCursor): Uint8Array {
  t.next('\\#');
  const length = t.u16('generic RDATA length');
  if (length === 0) {
    t.done();
    return new Uint8Array(0);
  }
  const data = hexFromText(t.joinRest('generic RDATA'), 'generic RDATA hex');
  if (data.length !== length) {
    throw new RdataError(`${t.what}: generic RDATA is ${data.length} octets, its length says ${length}`);
  }
  return data;
}
