import { createHash } from 'node:crypto';
import { Name, RRType } from '@shoal/dns-wire';
import test from 'ava';
import {
  catalogApex,
  listedMembers,
  memberLabel,
  membersOf,
  planCatalog,
  planConsumption,
} from './catalog-producer.js';

const catalog = Name.parse('cat.test.');
const ptr = (member: string) => ({
  owner: Name.parse(`${memberLabel(member)}.zones.cat.test.`),
  type: RRType.PTR,
  records: [member],
});
const version = { owner: Name.parse('version.cat.test.'), type: RRType.TXT, records: ['"2"'] };
const describe = (changes: ReturnType<typeof planCatalog>) =>
  changes.map((c) => `${c.op} ${c.owner.toString()} ${c.type === RRType.PTR ? 'PTR' : c.type}`).sort();

test('the unique label is the SHA-1 of the name in lower-case wire form, whatever the spelling', (t) => {
  const wire = Buffer.from([7, ...Buffer.from('example'), 4, ...Buffer.from('test'), 0]);
  t.is(memberLabel('example.test.'), createHash('sha1').update(wire).digest('hex'));
  t.is(memberLabel('Example.TEST.'), memberLabel('example.test.'));
  t.not(memberLabel('example.test.'), memberLabel('example2.test.'));
});

test('a new catalog: every member added, and the version', (t) => {
  const changes = planCatalog(catalog, [], ['a.test.', 'b.test.']);
  t.deepEqual(
    describe(changes),
    [
      `replace ${memberLabel('a.test.')}.zones.cat.test. PTR`,
      `replace ${memberLabel('b.test.')}.zones.cat.test. PTR`,
      'replace version.cat.test. 16',
    ].sort(),
  );
  const a = changes.find((c) => c.type === RRType.PTR && c.op === 'replace');
  t.is(a?.op === 'replace' ? a.ttl : -1, 0);
});

test('in line already: nothing to write', (t) => {
  t.deepEqual(planCatalog(catalog, [version, ptr('a.test.'), ptr('b.test.')], ['a.test.', 'b.test.']), []);
});

test('a member gone is removed, a new one added; other records are left alone', (t) => {
  const group = {
    owner: Name.parse(`group.${memberLabel('a.test.')}.zones.cat.test.`),
    type: RRType.TXT,
    records: ['"x"'],
  };
  const elsewhere = { owner: Name.parse('other.cat.test.'), type: RRType.PTR, records: ['z.test.'] };
  const changes = planCatalog(
    catalog,
    [version, ptr('a.test.'), ptr('b.test.'), group, elsewhere],
    ['a.test.', 'c.test.'],
  );
  t.deepEqual(describe(changes), [
    `delete ${memberLabel('b.test.')}.zones.cat.test. PTR`,
    `replace ${memberLabel('c.test.')}.zones.cat.test. PTR`,
  ]);
});

test('a member PTR that says something else is put right', (t) => {
  const wrong = { ...ptr('a.test.'), records: ['b.test.'] };
  t.deepEqual(describe(planCatalog(catalog, [version, wrong], ['a.test.'])), [
    `replace ${memberLabel('a.test.')}.zones.cat.test. PTR`,
  ]);
});

test('members are the zones naming the catalog, not the catalog itself', (t) => {
  const zone = (name: string, catalogName: string) => ({ name, settings: { catalog: catalogName } }) as never;
  t.deepEqual(
    membersOf('cat.test.', [
      zone('b.test.', 'cat.test.'),
      zone('a.test.', 'cat.test.'),
      zone('c.test.', 'other.test.'),
      zone('cat.test.', 'cat.test.'),
    ]),
    ['a.test.', 'b.test.'],
  );
  t.deepEqual(catalogApex().nameservers, ['invalid.']);
});

test('a consumed catalog lists the PTR targets under zones, only with version "2"', (t) => {
  const listed = [version, ptr('b.test.'), ptr('a.test.')];
  t.deepEqual(listedMembers(catalog, listed), ['a.test.', 'b.test.']);
  t.is(listedMembers(catalog, [ptr('a.test.')]), undefined, 'no version: not processed');
  t.is(listedMembers(catalog, [{ ...version, records: ['"1"'] }, ptr('a.test.')]), undefined, 'version 1');
  const two = { ...ptr('c.test.'), records: ['c.test.', 'd.test.'] };
  const deeper = { owner: Name.parse('x.y.zones.cat.test.'), type: RRType.PTR, records: ['e.test.'] };
  t.deepEqual(listedMembers(catalog, [version, two, deeper]), [], 'broken entries are left out');
});

test('consuming: create what is listed, delete ours no longer listed, never take over a zone', (t) => {
  const zone = (name: string, kind: number, catalogName = '') =>
    ({ name, settings: { kind, catalog: catalogName } }) as never;
  const consumer = zone('cat.test.', 5);
  const plan = planConsumption(
    consumer,
    ['new.test.', 'kept.test.', 'taken.test.'],
    [
      consumer,
      zone('kept.test.', 3, 'cat.test.'),
      zone('gone.test.', 3, 'cat.test.'),
      zone('taken.test.', 2),
      zone('unrelated.test.', 3, 'other.test.'),
    ],
  );
  t.deepEqual(plan, { create: ['new.test.'], remove: ['gone.test.'], conflicts: ['taken.test.'] });
});
