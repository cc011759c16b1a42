/**
 * Copies of byte ranges for the hot paths. V8 keeps typed arrays of up to 64
 * octets on the heap, where `slice` is cheap; a larger `slice` allocates its
 * own ArrayBuffer, which costs several times more than the copy itself. Larger
 * copies are therefore carved out of shared 64 KiB slabs, as Node's Buffer pool
 * does: each copy is an independent view that nothing else writes to.
 */
const ON_HEAP = 64;
const SLAB = 1 << 16;
const LARGE = SLAB >> 3;

let slab = new ArrayBuffer(SLAB);
let used = 0;

/** A fresh copy of `src[start..end)`. */
export function copyBytes(src: Uint8Array, start: number, end: number): Uint8Array {
  const length = end - start;
  if (length <= ON_HEAP || length > LARGE) return src.slice(start, end);
  if (used + length > SLAB) {
    slab = new ArrayBuffer(SLAB);
    used = 0;
  }
  const out = new Uint8Array(slab, used, length);
  // Keep views 8-aligned so a later DataView or wider view over them stays cheap.
  used += (length + 7) & ~7;
  out.set(src.subarray(start, end));
  return out;
}
