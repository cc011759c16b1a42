import { RRType } from '@shoal/dns-wire';
import { base32hexDecode, canonicalOrderKeyOfWire } from '@shoal/dnssec';
import { OrderedKeys } from './ordered-keys.js';

/**
 * The owners of a zone's NSEC records in canonical order (RFC 4034 §6.1) and of its NSEC3
 * records in hash order (RFC 5155 §3.1.7), kept up to date as the zone changes, so that the
 * record matching or covering a name is a binary search away.
 *
 * Node keys are the zone's (name-key.ts: lowercased wire form as a latin1 string).
 */
export class DenialIndex {
  readonly nsec = new OrderedKeys();
  readonly nsec3 = new OrderedKeys();
  readonly #apexKey: string;

  constructor(apexKey: string) {
    this.#apexKey = apexKey;
  }

  /** An RRset of `type` appeared at the node with key `key`. */
  added(key: string, type: number): void {
    if (type === RRType.NSEC) this.nsec.add(nsecSortKey(key), key);
    else if (type === RRType.NSEC3) {
      const hash = this.#hashOf(key);
      if (hash !== undefined) this.nsec3.add(hash, key);
    }
  }

  /** The RRset of `type` at `key` is gone. */
  removed(key: string, type: number): void {
    if (type === RRType.NSEC) this.nsec.delete(nsecSortKey(key));
    else if (type === RRType.NSEC3) {
      const hash = this.#hashOf(key);
      if (hash !== undefined) this.nsec3.delete(hash);
    }
  }

  clear(): void {
    this.nsec.clear();
    this.nsec3.clear();
  }

  /** The raw hash an NSEC3 owner stands for: its first label, base32hex, directly below the apex. */
  #hashOf(key: string): string | undefined {
    const length = key.charCodeAt(0);
    if (key.slice(length + 1) !== this.#apexKey) return undefined;
    const hash = base32hexDecode(key.slice(1, length + 1));
    return hash === undefined ? undefined : Buffer.from(hash).toString('latin1');
  }
}

/** The canonical-order sort key of a node key (see @shoal/dnssec canonicalOrderKey). */
export function nsecSortKey(key: string): string {
  return canonicalOrderKeyOfWire(Buffer.from(key, 'latin1'));
}
