import { serialCompare } from '@shoal/dns-wire';

/**
 * SOA serial comparisons in RFC 1982 arithmetic. When two serials are exactly 2^31 apart the
 * order is undefined (§3.2); these predicates then answer false, so neither side looks newer
 * and no transfer is triggered by an ambiguous serial.
 */
export function serialGreater(a: number, b: number): boolean {
  return serialCompare(a, b) === 1;
}

export function serialLess(a: number, b: number): boolean {
  return serialCompare(a, b) === -1;
}

/** a >= b in serial arithmetic (false when undefined). */
export function serialAtLeast(a: number, b: number): boolean {
  const c = serialCompare(a, b);
  return c === 0 || c === 1;
}
