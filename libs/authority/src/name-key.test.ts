import { Name } from '@shoal/dns-wire';
import test from 'ava';
import { AncestorKeys, nameKey, nameOf, ownerOf, parentOf } from './name-key.js';

test('keys are equal exactly for names equal under RFC 4343', (t) => {
  t.is(nameKey(Name.parse('WwW.Example.TEST.')), nameKey(Name.parse('www.example.test.')));
  t.not(nameKey(Name.parse('a\\.b.test.')), nameKey(Name.parse('a.b.test.')));
  t.not(nameKey(Name.parse('\\196.test.')), nameKey(Name.parse('\\228.test.')), 'only ASCII folds');
});

test('owners keep their case and round-trip to names', (t) => {
  const name = Name.parse('Mixed.Case.test.');
  t.is(nameOf(ownerOf(name)).toString(), 'Mixed.Case.test.');
  t.is(nameOf(parentOf(ownerOf(name))).toString(), 'Case.test.');
});

test('ancestor keys are suffixes of the key', (t) => {
  const keys = new AncestorKeys(Name.parse('a.B.c.'));
  t.is(keys.labelCount, 3);
  t.is(keys.strip(0), nameKey(Name.parse('a.b.c.')));
  t.is(keys.strip(1), nameKey(Name.parse('b.c.')));
  t.is(keys.strip(3), nameKey(Name.ROOT));
  t.is(keys.parent().key, keys.strip(1));
});
