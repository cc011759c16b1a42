import type { Catalog } from './catalog.js';
import type { Zone } from './zone.js';

/** A cached reply and what it was computed from. */
export interface CachedReply {
  /** The reply as first sent; hits copy it and patch the ID and the question's case. */
  readonly response: Uint8Array;
  /** The catalog's structure generation then: zones added or removed since may change the answer. */
  readonly structure: number;
  /** The zones read, and each one's revision then. */
  readonly zones: readonly Zone[];
  readonly revisions: readonly number[];
}

export interface PacketCacheOptions {
  /** Entries kept before the least recently used ones are evicted (CLOCK); default 100,000. */
  maxEntries?: number;
}

/**
 * Replies keyed on the normalised question (see `cacheKey`), positive and
 * negative alike. An entry is served only while every zone it read is at the
 * same revision and no zone has been added or removed: an answer computed
 * from an older version is never sent. Bounded by the CLOCK algorithm, an LRU
 * approximation whose hits only set a bit.
 */
export class PacketCache {
  readonly maxEntries: number;
  readonly #index = new Map<string, number>();
  readonly #keys: (string | undefined)[];
  readonly #values: (CachedReply | undefined)[];
  readonly #referenced: Uint8Array;
  #hand = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: PacketCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 100_000);
    this.#keys = new Array(this.maxEntries).fill(undefined);
    this.#values = new Array(this.maxEntries).fill(undefined);
    this.#referenced = new Uint8Array(this.maxEntries);
  }

  get size(): number {
    return this.#index.size;
  }

  get hits(): number {
    return this.#hits;
  }

  get misses(): number {
    return this.#misses;
  }

  /** The reply cached under `key` if it is still current for `catalog`; a stale entry is dropped. */
  get(key: string, catalog: Catalog): CachedReply | undefined {
    const slot = this.#index.get(key);
    if (slot === undefined) {
      this.#misses++;
      return undefined;
    }
    const value = this.#values[slot]!;
    if (!isCurrent(value, catalog)) {
      this.#evict(slot);
      this.#misses++;
      return undefined;
    }
    this.#referenced[slot] = 1;
    this.#hits++;
    return value;
  }

  set(key: string, value: CachedReply): void {
    const existing = this.#index.get(key);
    if (existing !== undefined) {
      this.#values[existing] = value;
      this.#referenced[existing] = 1;
      return;
    }
    const slot = this.#freeSlot();
    this.#keys[slot] = key;
    this.#values[slot] = value;
    this.#referenced[slot] = 0;
    this.#index.set(key, slot);
  }

  clear(): void {
    this.#index.clear();
    this.#keys.fill(undefined);
    this.#values.fill(undefined);
    this.#referenced.fill(0);
    this.#hand = 0;
  }

  /** Advances the clock hand past referenced entries, clearing their bit, to the first one to replace. */
  #freeSlot(): number {
    for (;;) {
      const slot = this.#hand;
      this.#hand = (slot + 1) % this.maxEntries;
      if (this.#keys[slot] === undefined) return slot;
      if (this.#referenced[slot] === 0) {
        this.#evict(slot);
        return slot;
      }
      this.#referenced[slot] = 0;
    }
  }

  #evict(slot: number): void {
    this.#index.delete(this.#keys[slot]!);
    this.#keys[slot] = undefined;
    this.#values[slot] = undefined;
    this.#referenced[slot] = 0;
  }
}

function isCurrent(value: CachedReply, catalog: Catalog): boolean {
  if (value.structure !== catalog.structureGeneration) return false;
  for (let i = 0; i < value.zones.length; i++) {
    if (value.zones[i].revision !== value.revisions[i]) return false;
  }
  return true;
}
