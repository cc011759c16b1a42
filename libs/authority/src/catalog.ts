import type { Name } from '@shoal/dns-wire';
import { AncestorKeys, nameKey } from './name-key.js';
import { onZoneChange, type Zone } from './zone.js';

interface Entry {
  zone: Zone;
  unsubscribe: () => void;
}

/**
 * The zones a node serves. `findZone` picks the longest matching origin, so a
 * child zone served here answers for its names rather than the parent's
 * delegation (RFC 1034 §4.3.2 step 2, applied across zones).
 */
export class Catalog {
  readonly #zones = new Map<string, Entry>();
  /** How many zones have an origin of each label count: lets findZone skip depths no zone has. */
  readonly #depths = new Map<number, number>();
  #generation = 0;
  #structure = 0;

  /** Bumped on every change: a zone added, replaced or removed, or any zone's contents. */
  get generation(): number {
    return this.#generation;
  }

  /** Bumped only when the set of zones changes; answers that found no zone depend on this alone. */
  get structureGeneration(): number {
    return this.#structure;
  }

  get size(): number {
    return this.#zones.size;
  }

  /** Adds `zone`, replacing any zone with the same origin. */
  set(zone: Zone): void {
    const key = nameKey(zone.origin);
    const previous = this.#zones.get(key);
    if (previous?.zone === zone) return;
    if (previous) previous.unsubscribe();
    else this.#depths.set(zone.origin.labelCount, (this.#depths.get(zone.origin.labelCount) ?? 0) + 1);
    const unsubscribe = onZoneChange(zone, () => this.#generation++);
    this.#zones.set(key, { zone, unsubscribe });
    this.#structureChanged();
  }

  delete(origin: Name): boolean {
    const key = nameKey(origin);
    const entry = this.#zones.get(key);
    if (entry === undefined) return false;
    entry.unsubscribe();
    this.#zones.delete(key);
    const depth = origin.labelCount;
    const left = (this.#depths.get(depth) ?? 1) - 1;
    if (left === 0) this.#depths.delete(depth);
    else this.#depths.set(depth, left);
    this.#structureChanged();
    return true;
  }

  get(origin: Name): Zone | undefined {
    return this.#zones.get(nameKey(origin))?.zone;
  }

  /** The zone with the longest origin that `qname` is at or below, if any. */
  findZone(qname: Name | AncestorKeys): Zone | undefined {
    const keys = qname instanceof AncestorKeys ? qname : new AncestorKeys(qname);
    const labels = keys.labelCount;
    for (let strip = 0; strip <= labels; strip++) {
      if (!this.#depths.has(labels - strip)) continue;
      const found = this.#zones.get(keys.strip(strip));
      if (found !== undefined) return found.zone;
    }
    return undefined;
  }

  /** A snapshot of the zones, in no particular order. */
  zones(): Zone[] {
    return Array.from(this.#zones.values(), (entry) => entry.zone);
  }

  #structureChanged(): void {
    this.#structure++;
    this.#generation++;
  }
}
