import { ConfigError } from './errors.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds from `90`, `90s`, `15m`, `1h30m`, `14d`, `2w`. */
export function parseDuration(text: string | number, what: string): number {
  if (typeof text === 'number') return text;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  let total = 0;
  let rest = trimmed;
  while (rest.length > 0) {
    const m = /^(\d+)([smhdw])/.exec(rest);
    if (!m) throw new ConfigError(`${what}: '${text}' is not a duration (e.g. 90, 15m, 1h30m, 14d)`);
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}
