import test from 'ava';
import { DnsWireError } from './errors.js';
import { serialAdd, serialCompare } from './serial.js';

test('RFC 1982 comparison', (t) => {
  t.is(serialCompare(1, 1), 0);
  t.is(serialCompare(1, 2), -1);
  t.is(serialCompare(2, 1), 1);
  t.is(serialCompare(0xffffffff, 0), -1);
  t.is(serialCompare(0, 0xffffffff), 1);
  t.is(serialCompare(0, 0x7fffffff), -1);
  t.is(serialCompare(0, 0x80000000), undefined);
  t.is(serialCompare(0x80000000, 0), undefined);
});

test('RFC 1982 addition wraps', (t) => {
  t.is(serialAdd(0xffffffff, 1), 0);
  t.is(serialAdd(5, 0x7fffffff), 0x80000004);
  t.throws(() => serialAdd(1, 0x80000000), { instanceOf: DnsWireError });
  t.throws(() => serialAdd(1, -1), { instanceOf: DnsWireError });
});
