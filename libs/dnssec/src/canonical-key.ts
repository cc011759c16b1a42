import type { Name } from '@shoal/dns-wire';

/**
 * A string whose plain `<` order is the canonical DNS name order of RFC 4034 §6.1: the labels
 * from the right, lowercased, joined by U+0000; octets 0x00 and 0x01 inside a label are escaped
 * as 0x01 0x01 and 0x01 0x02, so the separator sorts before any label octet and a shorter label
 * before any longer one with the same prefix. Used to keep names sorted in plain arrays.
 */
export function canonicalOrderKey(name: Name): string {
  return canonicalOrderKeyOfWire(name.toWire());
}

/** The same from an uncompressed wire form (any case). */
export function canonicalOrderKeyOfWire(wire: Uint8Array): string {
  const starts: number[] = [];
  for (let p = 0; wire[p] !== 0; p += wire[p] + 1) starts.push(p);
  let out = '';
  for (let i = starts.length - 1; i >= 0; i--) {
    const p = starts[i];
    if (i !== starts.length - 1) out += '\0';
    for (let k = p + 1; k <= p + wire[p]; k++) {
      let c = wire[k];
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      out += c === 0 ? '\x01\x01' : c === 1 ? '\x01\x02' : String.fromCharCode(c);
    }
  }
  return out;
}

/** Index of the last element of sorted `keys` that is <= `key`, or -1. */
export function floorIndex(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
