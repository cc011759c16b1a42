import { DnsWireError } from './errors.js';

/**
 * Serial number arithmetic (RFC 1982) for SOA serials: 32-bit, wrapping.
 * Returns -1, 0 or 1, or undefined when the two are exactly 2^31 apart,
 * where RFC 1982 §3.2 leaves the comparison undefined.
 */
export function serialCompare(a: number, b: number): -1 | 0 | 1 | undefined {
  a >>>= 0;
  b >>>= 0;
  if (a === b) return 0;
  const diff = (b - a) >>> 0;
  if (diff === 0x80000000) return undefined;
  return diff < 0x80000000 ? -1 : 1;
}

/** Adds `n` (0..2^31-1, RFC 1982 §3.1) to a serial, wrapping at 2^32. */
export function serialAdd(s: number, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
    throw new DnsWireError(`serial increment out of range: ${n}`);
  return (s + n) >>> 0;
}
