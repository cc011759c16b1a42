import test from 'ava';
import { NameError } from './errors.js';
import { Name } from './name.js';

const origin = Name.parse('example.test.');

test('parses absolute, relative and @ names', (t) => {
  t.is(Name.parse('www.example.test.').toString(), 'www.example.test.');
  t.is(Name.parse('www', origin).toString(), 'www.example.test.');
  t.is(Name.parse('@', origin), origin);
  t.is(Name.parse('.').toString(), '.');
  t.is(Name.ROOT.wireLength, 1);
  t.throws(() => Name.parse('www'), { instanceOf: NameError });
  t.throws(() => Name.parse('@'), { instanceOf: NameError });
});

test('keeps case, compares case-insensitively', (t) => {
  const a = Name.parse('WwW.Example.TEST.');
  const b = Name.parse('www.example.test.');
  t.is(a.toString(), 'WwW.Example.TEST.');
  t.true(a.equals(b));
  t.is(a.key, b.key);
  t.is(a.key, 'www.example.test.');
  t.deepEqual([...a.toCanonicalWire()], [...b.toWire()]);
});

test('handles escapes', (t) => {
  const n = Name.parse('a\\.b.c\\\\d.\\065\\000.');
  t.is(n.labelCount, 3);
  t.deepEqual([...n.labels[0]], [0x61, 0x2e, 0x62]);
  t.deepEqual([...n.labels[2]], [0x41, 0]);
  t.is(n.toString(), 'a\\.b.c\\\\d.A\\000.');
  t.true(Name.parse(n.toString()).equals(n));
  t.is(Name.parse('sp\\ ace.').toString(), 'sp\\032ace.');
  t.is(Name.parse('\\@\\$\\;\\(\\)\\".').toString(), '\\@\\$\\;\\(\\)\\".');
});

test('enforces label and name limits', (t) => {
  t.notThrows(() => Name.parse(`${'a'.repeat(63)}.`));
  t.throws(() => Name.parse(`${'a'.repeat(64)}.`), { instanceOf: NameError });
  const label = 'a'.repeat(63);
  t.notThrows(() => Name.parse(`${label}.${label}.${label}.${'a'.repeat(61)}.`));
  t.throws(() => Name.parse(`${label}.${label}.${label}.${'a'.repeat(62)}.`), { instanceOf: NameError });
  t.throws(() => Name.parse('a..b.'), { instanceOf: NameError });
  t.throws(() => Name.parse('\\256.'), { instanceOf: NameError });
  t.throws(() => Name.parse('a\\'), { instanceOf: NameError });
});

test('tree operations', (t) => {
  const n = Name.parse('a.b.example.test.');
  t.true(n.isSubdomainOf(origin));
  t.true(origin.isSubdomainOf(origin));
  t.false(origin.isSubdomainOf(n));
  t.false(Name.parse('xexample.test.').isSubdomainOf(origin));
  t.true(n.isSubdomainOf(Name.ROOT));
  t.is(n.parent().toString(), 'b.example.test.');
  t.is(n.ancestor(2).toString(), 'example.test.');
  t.is(n.ancestor(4), Name.ROOT);
  t.throws(() => Name.ROOT.parent(), { instanceOf: NameError });
  t.is(origin.prepend('www').toString(), 'www.example.test.');
  t.is(origin.prepend(new Uint8Array([0x2a])).toString(), '*.example.test.');
  t.true(origin.prepend('*').isWildcard());
  t.is(n.relativeTo(origin), 'a.b');
  t.is(origin.relativeTo(origin), '@');
  t.is(Name.parse('other.').relativeTo(origin), 'other.');
  t.deepEqual(Name.fromLabels([new Uint8Array([0x61])]).toWire(), new Uint8Array([1, 0x61, 0]));
});

test('canonical ordering follows RFC 4034 §6.1', (t) => {
  // The example list from RFC 4034 §6.1, in order.
  const ordered = [
    'example.',
    'a.example.',
    'yljkjljk.a.example.',
    'Z.a.example.',
    'zABC.a.EXAMPLE.',
    'z.example.',
    '\\001.z.example.',
    '*.z.example.',
    '\\200.z.example.',
  ].map((s) => Name.parse(s));
  const shuffled = [...ordered].reverse();
  shuffled.sort(Name.compareCanonical);
  t.deepEqual(
    shuffled.map((n) => n.toString()),
    ordered.map((n) => n.toString()),
  );
  t.is(Name.compareCanonical(Name.parse('A.example.'), Name.parse('a.EXAMPLE.')), 0);
});

test('fromWire rejects pointers and overruns', (t) => {
  t.throws(() => Name.fromWire(new Uint8Array([0xc0, 0])), { instanceOf: NameError });
  t.throws(() => Name.fromWire(new Uint8Array([3, 0x61])), { instanceOf: NameError });
  t.is(Name.fromWire(new Uint8Array([9, 1, 0x61, 0]), 1).toString(), 'a.');
});
