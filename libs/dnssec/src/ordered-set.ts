/**
 * Keys (strings compared with `<`) kept sorted, each with a value. Membership is exact at
 * every moment; the sorted array is patched lazily at the next ordered read: a few changes are
 * spliced in, many trigger one sort, so a bulk load costs one sort and a small change a memmove.
 */
export class OrderedSet<V> {
  readonly #members = new Map<string, V>();
  #sorted: string[] = [];
  #changes: string[] = [];
  #rebuild = false;

  static readonly PATCH_LIMIT = 64;

  get size(): number {
    return this.#members.size;
  }

  get(key: string): V | undefined {
    return this.#members.get(key);
  }

  has(key: string): boolean {
    return this.#members.has(key);
  }

  set(key: string, value: V): void {
    const had = this.#members.has(key);
    this.#members.set(key, value);
    if (!had) this.#note(key);
  }

  delete(key: string): void {
    if (this.#members.delete(key)) this.#note(key);
  }

  /** The greatest key <= `key`, or undefined. */
  floor(key: string): string | undefined {
    const sorted = this.#sync();
    const i = upperBound(sorted, key) - 1;
    return i >= 0 ? sorted[i] : undefined;
  }

  /** The smallest key > `key`, wrapping to the first (a circular chain's next). */
  after(key: string): string | undefined {
    const sorted = this.#sync();
    if (sorted.length === 0) return undefined;
    const i = upperBound(sorted, key);
    return sorted[i < sorted.length ? i : 0];
  }

  /** The greatest key < `key`, wrapping to the last (a circular chain's previous). */
  before(key: string): string | undefined {
    const sorted = this.#sync();
    if (sorted.length === 0) return undefined;
    const i = lowerBound(sorted, key) - 1;
    return sorted[i >= 0 ? i : sorted.length - 1];
  }

  /** Keys in order. */
  keys(): readonly string[] {
    return this.#sync();
  }

  #note(key: string): void {
    if (this.#rebuild) return;
    this.#changes.push(key);
    if (this.#changes.length > OrderedSet.PATCH_LIMIT) {
      this.#rebuild = true;
      this.#changes = [];
    }
  }

  #sync(): string[] {
    if (this.#rebuild) {
      this.#sorted = [...this.#members.keys()].sort();
      this.#rebuild = false;
    } else if (this.#changes.length > 0) {
      for (const key of this.#changes) {
        const at = lowerBound(this.#sorted, key);
        const present = this.#sorted[at] === key;
        const member = this.#members.has(key);
        if (member && !present) this.#sorted.splice(at, 0, key);
        else if (!member && present) this.#sorted.splice(at, 1);
      }
      this.#changes = [];
    }
    return this.#sorted;
  }
}

export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function upperBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
