import { DECIMAL_ESCAPE, isDigit, LOWER, putChar } from './ascii.js';
import { NameError } from './errors.js';

/**
 * How each octet of a label is written in presentation form, following BIND:
 * printable ASCII as itself, the characters that are special in master files
 * (RFC 1035 §5.1) behind a backslash, everything else as `\DDD`.
 */
const LABEL_TEXT: readonly string[] = Array.from({ length: 256 }, (_, i) => {
  if (i === 0x2e || i === 0x22 || i === 0x28 || i === 0x29 || i === 0x3b || i === 0x5c) {
    return `\\${String.fromCharCode(i)}`;
  }
  if (i === 0x40 || i === 0x24) return `\\${String.fromCharCode(i)}`;
  if (i > 0x20 && i < 0x7f) return String.fromCharCode(i);
  return DECIMAL_ESCAPE[i];
});

/** Same as LABEL_TEXT for the lowercased octet: used to build `Name.key`. */
const LABEL_KEY: readonly string[] = Array.from({ length: 256 }, (_, i) => LABEL_TEXT[LOWER[i]]);

/** Presentation text of the name held in uncompressed `wire`, trailing dot included. */
export function wireToText(wire: Uint8Array, lowercase: boolean): string {
  if (wire[0] === 0) return '.';
  const table = lowercase ? LABEL_KEY : LABEL_TEXT;
  let text = '';
  let pos = 0;
  let len = wire[0];
  while (len !== 0) {
    const end = pos + 1 + len;
    for (let i = pos + 1; i < end; i++) text += table[wire[i]];
    text += '.';
    pos = end;
    len = wire[pos];
  }
  return text;
}

/** Presentation text of a single label (no dot). */
export function labelToText(label: Uint8Array, start = 0, end = label.length): string {
  let text = '';
  for (let i = start; i < end; i++) text += LABEL_TEXT[label[i]];
  return text;
}

/** Result of parsing name text: the wire bytes so far and whether the text ended with a dot. */
export interface ParsedNameText {
  wire: Uint8Array;
  absolute: boolean;
}

// Names are at most 255 octets; the extra room absorbs the multi-octet UTF-8 character that overflows one.
const scratch = new Uint8Array(512);

/**
 * Parses presentation text (RFC 1035 §5.1 escapes `\X` and `\DDD`) into wire
 * labels. The result ends with the root octet only when `absolute` is true.
 */
export function parseNameText(text: string): ParsedNameText {
  if (text === '.') return { wire: new Uint8Array([0]), absolute: true };
  if (text.length === 0) throw new NameError('empty name');
  // scratch[labelStart] is the length octet of the label being read, filled in when it ends.
  let labelStart = 0;
  let length = 1;
  let i = 0;
  const n = text.length;
  let absolute = false;
  while (i < n) {
    let code = text.charCodeAt(i);
    if (code === 0x2e) {
      const labelLength = length - labelStart - 1;
      if (labelLength === 0) throw new NameError(`empty label in '${text}'`);
      scratch[labelStart] = labelLength;
      labelStart = length;
      length++;
      i++;
      if (i === n) absolute = true;
      continue;
    }
    if (code === 0x5c) {
      i++;
      if (i >= n) throw new NameError(`dangling escape in '${text}'`);
      code = text.charCodeAt(i);
      if (isDigit(code)) {
        if (i + 2 >= n || !isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) {
          throw new NameError(`bad \\DDD escape in '${text}'`);
        }
        code = (code - 0x30) * 100 + (text.charCodeAt(i + 1) - 0x30) * 10 + (text.charCodeAt(i + 2) - 0x30);
        if (code > 255) throw new NameError(`\\DDD escape above 255 in '${text}'`);
        i += 3;
        scratch[length++] = code;
      } else {
        const cp = text.codePointAt(i) ?? code;
        i += cp > 0xffff ? 2 : 1;
        length = putChar(scratch, length, cp);
      }
    } else if (code < 0x80) {
      scratch[length++] = code;
      i++;
    } else {
      const cp = text.codePointAt(i) ?? code;
      i += cp > 0xffff ? 2 : 1;
      length = putChar(scratch, length, cp);
    }
    if (length < 0 || length - labelStart - 1 > 63) {
      throw new NameError(`label longer than 63 octets in '${text.slice(0, 80)}'`);
    }
    if (length > 256) throw new NameError(`name longer than 255 octets: '${text.slice(0, 80)}...'`);
  }
  if (!absolute) {
    // The last label is still open: close it without adding the root.
    scratch[labelStart] = length - labelStart - 1;
    return { wire: scratch.slice(0, length), absolute: false };
  }
  // A trailing dot opened a label that never got content: that position becomes the root octet.
  scratch[labelStart] = 0;
  if (length > 255) throw new NameError(`name longer than 255 octets: '${text.slice(0, 80)}...'`);
  return { wire: scratch.slice(0, length), absolute: true };
}
