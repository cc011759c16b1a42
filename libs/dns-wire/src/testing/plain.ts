import { Name } from '../name.js';

/**
 * Plain data for deep comparison in tests: Names hold their state in private
 * fields, which deep-equality helpers cannot see, so they become their
 * case-preserving text; byte arrays become hex.
 */
export function plain(value: unknown): unknown {
  if (value instanceof Name) return `name:${value.toString()}`;
  if (value instanceof Uint8Array)
    return `hex:${Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex')}`;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}
