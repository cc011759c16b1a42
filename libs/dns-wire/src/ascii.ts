/** Byte-level tables shared by names, character-strings and the compression table. */

/** ASCII lowercase of every octet; other octets map to themselves (RFC 4343 §3). */
export const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 0x41 && i <= 0x5a ? i + 0x20 : i;

/** `\DDD` for every octet, three decimal digits as RFC 1035 §5.1 requires. */
export const DECIMAL_ESCAPE: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => `\\${i.toString().padStart(3, '0')}`,
);

const utf8 = new TextEncoder();

/**
 * Appends the octets of one character of presentation text. Characters above
 * U+007F are taken as UTF-8, so a zone file's raw octets survive a round trip.
 * Returns the new length, or -1 when `out` is too small.
 */
export function putChar(out: Uint8Array, length: number, code: number): number {
  if (code < 0x80) {
    if (length >= out.length) return -1;
    out[length] = code;
    return length + 1;
  }
  const bytes = utf8.encode(String.fromCodePoint(code));
  if (length + bytes.length > out.length) return -1;
  out.set(bytes, length);
  return length + bytes.length;
}

/** True for ASCII decimal digits. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
