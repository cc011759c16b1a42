import { RdataError } from './errors.js';

/** Dotted-quad text of four octets at `offset`. */
export function ipv4ToText(b: Uint8Array, offset = 0): string {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/** Parses a dotted quad into `out` at `offset`; strict like BIND's inet_pton (no leading zeros). */
export function ipv4FromText(text: string, out = new Uint8Array(4), offset = 0): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4) throw new RdataError(`bad IPv4 address '${text}'`);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (p.length === 0 || p.length > 3 || !/^[0-9]+$/.test(p) || (p.length > 1 && p[0] === '0')) {
      throw new RdataError(`bad IPv4 address '${text}'`);
    }
    const v = Number(p);
    if (v > 255) throw new RdataError(`bad IPv4 address '${text}'`);
    out[offset + i] = v;
  }
  return out;
}

/**
 * IPv6 text of 16 octets at `offset`, as BIND and inet_ntop print it: the
 * longest run of two or more zero groups becomes `::` (RFC 5952 §4.2), and
 * IPv4-compatible and -mapped addresses end in a dotted quad.
 */
export function ipv6ToText(b: Uint8Array, offset = 0): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) words[i] = (b[offset + 2 * i] << 8) | b[offset + 2 * i + 1];
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return out + ipv4ToText(b, offset + 12);
    }
    out += words[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** Parses IPv6 text (RFC 4291 §2.2, including `::` and a trailing dotted quad). */
export function ipv6FromText(text: string, out = new Uint8Array(16), offset = 0): Uint8Array {
  const fail = (): never => {
    throw new RdataError(`bad IPv6 address '${text}'`);
  };
  const halves = text.split('::');
  if (halves.length > 2) fail();
  const groups: number[][] = [];
  for (const half of halves) {
    const words: number[] = [];
    if (half.length > 0) {
      const parts = half.split(':');
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (i === parts.length - 1 && half === halves[halves.length - 1] && p.includes('.')) {
          const v4 = ipv4FromText(p);
          words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
        } else {
          if (!/^[0-9a-fA-F]{1,4}$/.test(p)) fail();
          words.push(Number.parseInt(p, 16));
        }
      }
    }
    groups.push(words);
  }
  let words: number[];
  if (groups.length === 1) {
    words = groups[0];
    if (words.length !== 8) fail();
  } else {
    const missing = 8 - groups[0].length - groups[1].length;
    if (missing < 1) fail();
    words = [...groups[0], ...new Array<number>(missing).fill(0), ...groups[1]];
  }
  for (let i = 0; i < 8; i++) {
    out[offset + 2 * i] = words[i] >>> 8;
    out[offset + 2 * i + 1] = words[i] & 0xff;
  }
  return out;
}
