import { RdataError } from './errors.js';

const UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * A TTL in seconds from a plain number or BIND's unit form (`1h30m`, `1w2d`,
 * case-insensitive). Results above 2^32-1 are refused.
 */
export function ttlFromText(text: string): number {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (text.length <= 10 && value <= 0xffffffff) return value;
    throw new RdataError(`TTL out of range: '${text}'`);
  }
  const lower = text.toLowerCase();
  if (!/^([0-9]+[smhdw])+$/.test(lower)) throw new RdataError(`bad TTL '${text}'`);
  let total = 0;
  for (const [, digits, unit] of lower.matchAll(/([0-9]+)([smhdw])/g)) {
    total += Number(digits) * UNIT[unit];
    if (total > 0xffffffff) throw new RdataError(`TTL out of range: '${text}'`);
  }
  return total;
}

/** True when `text` looks like a TTL (so an omitted TTL can be told from a class or type). */
export function isTtlText(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^([0-9]+|([0-9]+[smhdwSMHDW])+)$/.test(text);
}
