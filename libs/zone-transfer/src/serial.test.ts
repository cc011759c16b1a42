import test from 'ava';
import { serialAtLeast, serialGreater, serialLess } from './index.js';

test('serials compare in RFC 1982 arithmetic, across the wrap', (t) => {
  t.true(serialGreater(2, 1));
  t.true(serialGreater(0, 0xffffffff));
  t.true(serialGreater(5, 0xfffffff0));
  t.true(serialLess(0xfffffff0, 5));
  t.true(serialAtLeast(7, 7));
  // 2^31 apart: undefined, so neither is newer.
  t.false(serialGreater(0x80000000, 0));
  t.false(serialLess(0x80000000, 0));
  t.false(serialAtLeast(0x80000000, 0));
});
