/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with a 128-bit key and a 64-bit result, the
 * pseudorandom function RFC 9018 §4.2 names for interoperable DNS server cookies.
 *
 * JavaScript has no unsigned 64-bit integers short of BigInt, which allocates; each 64-bit
 * word is kept as two 32-bit halves in a shared Uint32Array instead, so a hash allocates
 * nothing but its 8-octet result.
 */

// v0..v3 as (high, low) pairs: s[0]=v0 high, s[1]=v0 low, ... s[6]=v3 high, s[7]=v3 low.
const s = new Uint32Array(8);

function add(a: number, b: number): void {
  const lo = (s[a + 1] + s[b + 1]) >>> 0;
  s[a] = (s[a] + s[b] + (lo < s[a + 1] ? 1 : 0)) >>> 0;
  s[a + 1] = lo;
}

function rotl(a: number, n: number): void {
  const hi = s[a];
  const lo = s[a + 1];
  s[a] = ((hi << n) | (lo >>> (32 - n))) >>> 0;
  s[a + 1] = ((lo << n) | (hi >>> (32 - n))) >>> 0;
}

function swapHalves(a: number): void {
  const hi = s[a];
  s[a] = s[a + 1];
  s[a + 1] = hi;
}

function xor(a: number, b: number): void {
  s[a] ^= s[b];
  s[a + 1] ^= s[b + 1];
}

const tail = new Uint8Array(8);

const V0 = 0;
const V1 = 2;
const V2 = 4;
const V3 = 6;

function sipRound(): void {
  add(V0, V1);
  rotl(V1, 13);
  xor(V1, V0);
  swapHalves(V0); // rotate by 32
  add(V2, V3);
  rotl(V3, 16);
  xor(V3, V2);
  add(V0, V3);
  rotl(V3, 21);
  xor(V3, V0);
  add(V2, V1);
  rotl(V1, 17);
  xor(V1, V2);
  swapHalves(V2);
}

function le32(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

function compress(mHigh: number, mLow: number): void {
  s[6] ^= mHigh;
  s[7] ^= mLow;
  sipRound();
  sipRound();
  s[0] ^= mHigh;
  s[1] ^= mLow;
}

/**
 * SipHash-2-4 of `message` under the 16-octet `key`; the 64-bit result is written to `out`
 * at `offset` little-endian, as the reference implementation emits it.
 */
export function sipHash24(key: Uint8Array, message: Uint8Array, out: Uint8Array, offset = 0): void {
  if (key.length !== 16) throw new RangeError('SipHash needs a 16-octet key');
  const k0h = le32(key, 4);
  const k0l = le32(key, 0);
  const k1h = le32(key, 12);
  const k1l = le32(key, 8);
  // "somepseudorandomlygeneratedbytes"
  s[0] = k0h ^ 0x736f6d65;
  s[1] = k0l ^ 0x70736575;
  s[2] = k1h ^ 0x646f7261;
  s[3] = k1l ^ 0x6e646f6d;
  s[4] = k0h ^ 0x6c796765;
  s[5] = k0l ^ 0x6e657261;
  s[6] = k1h ^ 0x74656462;
  s[7] = k1l ^ 0x79746573;
  const n = message.length;
  const whole = n - (n % 8);
  for (let p = 0; p < whole; p += 8) compress(le32(message, p + 4), le32(message, p));
  // The last word: the remaining octets, and the message length mod 256 in the top octet.
  tail.fill(0);
  tail.set(message.subarray(whole));
  tail[7] = n & 0xff;
  compress(le32(tail, 4), le32(tail, 0));
  s[5] ^= 0xff;
  sipRound();
  sipRound();
  sipRound();
  sipRound();
  const hi = (s[0] ^ s[2] ^ s[4] ^ s[6]) >>> 0;
  const lo = (s[1] ^ s[3] ^ s[5] ^ s[7]) >>> 0;
  for (let i = 0; i < 4; i++) {
    out[offset + i] = (lo >>> (8 * i)) & 0xff;
    out[offset + 4 + i] = (hi >>> (8 * i)) & 0xff;
  }
}
