/** Pointers can only reach the first 16 KiB of a message (RFC 1035 §4.1.4: 14-bit offsets). */
const MAX_POINTER = 0x3fff;
const SLOTS = 4096;
/** At most half the slots are used, which keeps linear probing short and the table bounded. */
const MAX_ENTRIES = SLOTS / 2;

/**
 * Suffix table for name compression on write. Each entry is the hash of a
 * name suffix already in the message and the offset of its first label;
 * lookups verify a hash match against the message bytes, so collisions can
 * cost a probe but never a wrong pointer. Entries are removed newest first,
 * which is what keeps linear-probing deletion safe when a record is rolled back.
 *
 * Matching is case-sensitive: RFC 1035 would allow pointing `WWW.example` at
 * `www.example`, but the reader would then see the other spelling, and names
 * are meant to come out exactly as they went in.
 */
export class CompressionTable {
  readonly #slots = new Int32Array(SLOTS);
  readonly #hashes = new Int32Array(MAX_ENTRIES);
  readonly #offsets = new Uint16Array(MAX_ENTRIES);
  readonly #slotOf = new Uint16Array(MAX_ENTRIES);
  #count = 0;
  // Per-name scratch: label positions in the source and the hash of each suffix.
  readonly #labelAt = new Int32Array(128);
  readonly #suffixHash = new Int32Array(128);

  get count(): number {
    return this.#count;
  }

  /** Forgets every entry. */
  clear(): void {
    this.truncate(0);
  }

  /** Removes entries added after the table had `count` of them. */
  truncate(count: number): void {
    for (let i = this.#count - 1; i >= count; i--) this.#slots[this.#slotOf[i]] = 0;
    this.#count = count;
  }

  /**
   * Writes the uncompressed name at `src[start]` into `out` at `pos`,
   * replacing the longest suffix already present by a pointer, and records
   * the new suffixes. Returns the new position, or -1 when it would pass `limit`.
   */
  writeName(out: Uint8Array, pos: number, limit: number, src: Uint8Array, start: number): number {
    const labelAt = this.#labelAt;
    const suffixHash = this.#suffixHash;
    let labels = 0;
    let root = start;
    for (; src[root] !== 0; root += src[root] + 1) labelAt[labels++] = root;
    // Hash suffixes right to left so each label is hashed once.
    let h = 0x811c9dc5 | 0;
    for (let i = labels - 1; i >= 0; i--) {
      const p = labelAt[i];
      const stop = p + 1 + src[p];
      h = Math.imul(h ^ src[p], 0x01000193);
      for (let k = p + 1; k < stop; k++) h = Math.imul(h ^ src[k], 0x01000193);
      suffixHash[i] = h;
    }
    let match = -1;
    let matchAt = labels;
    for (let i = 0; i < labels; i++) {
      match = this.#find(out, suffixHash[i], src, labelAt[i]);
      if (match >= 0) {
        matchAt = i;
        break;
      }
    }
    const literal = (matchAt < labels ? labelAt[matchAt] : root) - start;
    const size = literal + (match >= 0 ? 2 : 1);
    if (pos + size > limit) return -1;
    for (let i = 0; i < matchAt; i++) {
      const at = pos + labelAt[i] - start;
      if (at <= MAX_POINTER) this.#add(suffixHash[i], at);
    }
    for (let k = 0; k < literal; k++) out[pos + k] = src[start + k];
    pos += literal;
    if (match >= 0) {
      out[pos] = 0xc0 | (match >> 8);
      out[pos + 1] = match & 0xff;
      return pos + 2;
    }
    out[pos] = 0;
    return pos + 1;
  }

  #find(out: Uint8Array, hash: number, src: Uint8Array, start: number): number {
    const slots = this.#slots;
    for (let s = hash & (SLOTS - 1); ; s = (s + 1) & (SLOTS - 1)) {
      const entry = slots[s];
      if (entry === 0) return -1;
      const i = entry - 1;
      if (this.#hashes[i] === hash && sameName(out, this.#offsets[i], src, start)) return this.#offsets[i];
    }
  }

  #add(hash: number, offset: number): void {
    if (this.#count >= MAX_ENTRIES) return;
    const slots = this.#slots;
    let s = hash & (SLOTS - 1);
    while (slots[s] !== 0) s = (s + 1) & (SLOTS - 1);
    const i = this.#count++;
    slots[s] = i + 1;
    this.#hashes[i] = hash;
    this.#offsets[i] = offset;
    this.#slotOf[i] = s;
  }
}

/** Exact comparison of a (possibly compressed) name in `out` with an uncompressed one in `src`. */
function sameName(out: Uint8Array, p: number, src: Uint8Array, s: number): boolean {
  for (;;) {
    let len = out[p];
    while (len >= 0xc0) {
      p = ((len & 0x3f) << 8) | out[p + 1];
      len = out[p];
    }
    if (len !== src[s]) return false;
    if (len === 0) return true;
    for (let k = 1; k <= len; k++) if (out[p + k] !== src[s + k]) return false;
    p += len + 1;
    s += len + 1;
  }
}
