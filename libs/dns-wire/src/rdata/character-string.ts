import { DECIMAL_ESCAPE, isDigit, putChar } from '../ascii.js';
import { RdataError } from '../errors.js';

/**
 * How each octet is written inside a quoted <character-string>, as BIND does:
 * `"` and `\` behind a backslash, non-printable octets as `\DDD`.
 */
const QUOTED_TEXT: readonly string[] = Array.from({ length: 256 }, (_, i) => {
  if (i === 0x22 || i === 0x5c) return `\\${String.fromCharCode(i)}`;
  if (i >= 0x20 && i < 0x7f) return String.fromCharCode(i);
  return DECIMAL_ESCAPE[i];
});

/** Octets as quoted presentation text. */
export function quotedText(data: Uint8Array, start = 0, end = data.length): string {
  let out = '"';
  for (let i = start; i < end; i++) out += QUOTED_TEXT[data[i]];
  return `${out}"`;
}

let scratch = new Uint8Array(1024);

/**
 * Resolves the escapes of presentation text (RFC 1035 §5.1: `\X` is X,
 * `\DDD` the octet DDD). Characters above U+007F become their UTF-8 octets.
 */
export function unescapeText(text: string): Uint8Array {
  const n = text.length;
  if (scratch.length < n * 4) scratch = new Uint8Array(n * 4);
  let o = 0;
  for (let i = 0; i < n; ) {
    let code = text.charCodeAt(i);
    if (code === 0x5c) {
      i++;
      if (i >= n) throw new RdataError(`dangling escape in '${text}'`);
      code = text.charCodeAt(i);
      if (isDigit(code)) {
        if (i + 2 >= n || !isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) {
          throw new RdataError(`bad \\DDD escape in '${text}'`);
        }
        const value =
          (code - 0x30) * 100 + (text.charCodeAt(i + 1) - 0x30) * 10 + (text.charCodeAt(i + 2) - 0x30);
        if (value > 255) throw new RdataError(`\\DDD escape above 255 in '${text}'`);
        scratch[o++] = value;
        i += 3;
        continue;
      }
    }
    if (code < 0x80) {
      scratch[o++] = code;
      i++;
    } else {
      const cp = text.codePointAt(i) ?? code;
      o = putChar(scratch, o, cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return scratch.slice(0, o);
}

/** A <character-string> from presentation text: unescaped, at most 255 octets. */
export function characterStringFromText(text: string): Uint8Array {
  const data = unescapeText(text);
  if (data.length > 255)
    throw new RdataError(`character-string longer than 255 octets: '${text.slice(0, 40)}...'`);
  return data;
}
