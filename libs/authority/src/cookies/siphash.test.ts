import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { sipHash24 } from './siphash.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const hash = (key: Uint8Array, message: Uint8Array) => {
  const out = new Uint8Array(8);
  sipHash24(key, message, out);
  return hex(out);
};
const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

test('the reference vectors of the SipHash paper (key 00..0f, message 00..n-1)', (t) => {
  const key = counting(16);
  t.is(hash(key, counting(0)), '310e0edd47db6f72');
  t.is(hash(key, counting(1)), 'fd67dc93c539f874');
  t.is(hash(key, counting(7)), '37d1018bf50002ab');
  t.is(hash(key, counting(8)), '6224939a79f5f593');
  t.is(hash(key, counting(15)), 'e545be4961ca29a1');
});

test('the same as OpenSSL SipHash-2-4 for random keys and every length a cookie hash uses', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'siphash-'));
  try {
    for (const length of [0, 3, 8, 13, 16, 20, 24, 31, 32, 33, 64]) {
      const key = randomBytes(16);
      const message = randomBytes(length);
      const file = join(dir, `m${length}`);
      writeFileSync(file, message);
      const openssl = execFileSync(
        'openssl',
        ['mac', '-macopt', `hexkey:${hex(key)}`, '-macopt', 'size:8', '-in', file, 'SIPHASH'],
        { encoding: 'utf8' },
      ).trim();
      t.is(hash(key, message), openssl.toLowerCase(), `length ${length}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the result is written where asked, and a key of another size is refused', (t) => {
  const out = new Uint8Array(12).fill(0xaa);
  sipHash24(counting(16), counting(15), out, 2);
  t.is(hex(out), 'aaaae545be4961ca29a1aaaa');
  t.throws(() => sipHash24(new Uint8Array(8), counting(1), out), { instanceOf: RangeError });
});
