/**
 * A set of keys kept in sorted order for floor searches, alongside the node each one stands
 * for. Membership is updated at once on every mutation; the sorted array is patched lazily at
 * the next search: a few changes are spliced in, many (a zone being loaded) trigger one sort.
 * So loading a zone costs one sort, and a small change costs one memmove, at the first DNSSEC
 * query that needs the order.
 */
export class OrderedKeys {
  readonly #members = new Map<string, string>();
  #sorted: string[] = [];
  #changes: [string, boolean][] = [];
  #rebuild = false;

  /** More pending changes than this and the array is re-sorted rather than patched. */
  static readonly PATCH_LIMIT = 64;

  get size(): number {
    return this.#members.size;
  }

  add(sortKey: string, value: string): void {
    if (this.#members.get(sortKey) === value) return;
    const had = this.#members.has(sortKey);
    this.#members.set(sortKey, value);
    if (!had) this.#note(sortKey, true);
  }

  delete(sortKey: string): void {
    if (this.#members.delete(sortKey)) this.#note(sortKey, false);
  }

  clear(): void {
    this.#members.clear();
    this.#sorted = [];
    this.#changes = [];
    this.#rebuild = false;
  }

  /** The value of the greatest key <= `sortKey`, with that key; undefined when every key is greater. */
  floor(sortKey: string): { key: string; value: string } | undefined {
    this.#sync();
    const sorted = this.#sorted;
    let lo = 0;
    let hi = sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= sortKey) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    return { key: sorted[found], value: this.#members.get(sorted[found])! };
  }

  /** The greatest key's entry: what covers names before the first key in a circular chain. */
  last(): { key: string; value: string } | undefined {
    this.#sync();
    const key = this.#sorted[this.#sorted.length - 1];
    return key === undefined ? undefined : { key, value: this.#members.get(key)! };
  }

  #note(sortKey: string, added: boolean): void {
    if (this.#rebuild) return;
    this.#changes.push([sortKey, added]);
    if (this.#changes.length > OrderedKeys.PATCH_LIMIT) {
      this.#rebuild = true;
      this.#changes = [];
    }
  }

  #sync(): void {
    if (this.#rebuild) {
      this.#sorted = [...this.#members.keys()].sort();
      this.#rebuild = false;
      return;
    }
    if (this.#changes.length === 0) return;
    const sorted = this.#sorted;
    for (const [key, added] of this.#changes) {
      const at = lowerBound(sorted, key);
      const present = sorted[at] === key;
      if (added && !present && this.#members.has(key)) sorted.splice(at, 0, key);
      if (!added && present && !this.#members.has(key)) sorted.splice(at, 1);
    }
    this.#changes = [];
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
