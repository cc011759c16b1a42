import test from 'ava';
import fc from 'fast-check';
import { decodeZoneToken, encodeZoneToken, SubjectTokenError } from './subject.js';

const enc = (s: string) =>
  s
    .split('.')
    .filter(Boolean)
    .map((l) => new TextEncoder().encode(l));

test('readable tokens for ordinary names', (t) => {
  t.is(encodeZoneToken(enc('example.test.')), 'example_test');
  t.is(encodeZoneToken(enc('Example.TEST.')), 'example_test');
  t.is(encodeZoneToken(enc('_tcp.example.')), '=5ftcp_example');
  t.is(encodeZoneToken([]), '_');
});

test('tokens never contain NATS syntax', (t) => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { maxLength: 8 }), (labels) => {
      const token = encodeZoneToken(labels);
      t.regex(token, /^[a-z0-9=_-]+$/);
    }),
  );
});

test('decode inverts encode (on lowercased names)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { maxLength: 8 }), (labels) => {
      const lower = labels.map((l) => l.map((c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c)));
      const back = decodeZoneToken(encodeZoneToken(labels));
      t.deepEqual(
        back.map((l) => Array.from(l)),
        lower.map((l) => Array.from(l)),
      );
    }),
  );
});

test('malformed tokens are rejected', (t) => {
  for (const bad of ['a__b', 'A', 'a=4', 'a=41', 'a.b', 'a*', '=zz']) {
    t.throws(() => decodeZoneToken(bad), { instanceOf: SubjectTokenError }, bad);
  }
});
