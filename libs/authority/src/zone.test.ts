import {
  Name,
  type ResourceRecord,
  RRType,
  rdataFromText,
  rdataToText,
  recordFromText,
  rrTypeToString,
} from '@shoal/dns-wire';
import test from 'ava';
import { OutOfZoneError } from './errors.js';
import { Zone } from './zone.js';

const origin = Name.parse('example.test.');
const rr = (line: string): ResourceRecord => recordFromText(line, origin, 3600);

function zoneWith(...lines: string[]): Zone {
  const zone = new Zone(origin);
  for (const line of lines) zone.addRecord(rr(line));
  return zone;
}

test('addRecord builds RRsets and counts records', (t) => {
  const zone = zoneWith('www A 192.0.2.1', 'www A 192.0.2.2', 'www AAAA 2001:db8::1');
  t.is(zone.recordCount, 3);
  t.is(zone.rrsetCount, 2);
  t.is(zone.getRRset(Name.parse('WWW.example.test.'), RRType.A)?.count, 2);
});

test('a duplicate record (canonical RDATA) is not added twice', (t) => {
  const zone = zoneWith('alias CNAME www.example.test.');
  t.false(zone.addRecord(rr('alias CNAME WWW.Example.Test.')));
  t.is(zone.recordCount, 1);
});

test('RFC 2181 §5.2: an RRset takes the lowest TTL', (t) => {
  const zone = zoneWith('www 600 A 192.0.2.1', 'www 300 A 192.0.2.2', 'www 900 A 192.0.2.3');
  t.is(zone.getRRset(Name.parse('www.example.test.'), RRType.A)?.ttl, 300);
});

test('every ancestor of an owner is a node: empty non-terminals', (t) => {
  const zone = zoneWith('a.b.c A 192.0.2.1');
  t.true(zone.getNode(Name.parse('c.example.test.'))?.isEmpty);
  t.true(zone.getNode(Name.parse('b.c.example.test.'))?.isEmpty);
  t.is(zone.getNode(Name.parse('b.c.example.test.'))?.children, 1);
  t.is(zone.nodeCount, 4);
});

test('removing the last record removes the RRset and prunes empty non-terminals', (t) => {
  const zone = zoneWith('a.b.c A 192.0.2.1', 'x.c TXT "keep"');
  t.true(zone.removeRecord(rr('A.B.C 1 A 192.0.2.1')));
  t.is(zone.getNode(Name.parse('b.c.example.test.')), undefined);
  t.truthy(zone.getNode(Name.parse('c.example.test.')), 'still the parent of x.c');
  t.is(zone.recordCount, 1);
  t.is(zone.rrsetCount, 1);
  t.false(zone.removeRecord(rr('a.b.c A 192.0.2.1')));
});

test('removeRecord keeps the rest of the RRset', (t) => {
  const zone = zoneWith('www A 192.0.2.1', 'www A 192.0.2.2');
  t.true(zone.removeRecord(rr('www A 192.0.2.1')));
  const rdatas = zone.getRRset(Name.parse('www.example.test.'), RRType.A)?.rdatas();
  t.deepEqual(rdatas, [rdataFromText(RRType.A, '192.0.2.2')]);
});

test('replaceRRset and deleteRRset', (t) => {
  const zone = zoneWith('www A 192.0.2.1');
  const www = Name.parse('www.example.test.');
  const a = (text: string) => rdataFromText(RRType.A, text);
  zone.replaceRRset(www, RRType.A, 60, [a('192.0.2.7'), a('192.0.2.8'), a('192.0.2.7')]);
  t.is(zone.getRRset(www, RRType.A)?.count, 2);
  t.is(zone.getRRset(www, RRType.A)?.ttl, 60);
  t.is(zone.recordCount, 2);
  zone.replaceRRset(www, RRType.A, 60, []);
  t.is(zone.getNode(www), undefined);
  t.is(zone.recordCount, 0);
  t.false(zone.deleteRRset(www, RRType.A));
});

test('records outside the zone or of another class are rejected', (t) => {
  const zone = new Zone(origin);
  t.throws(() => zone.addRecord(recordFromText('www.example.org. 60 A 192.0.2.1')), {
    instanceOf: OutOfZoneError,
  });
  t.throws(() => zone.addRecord({ ...rr('www A 192.0.2.1'), class: 3 }), { instanceOf: OutOfZoneError });
});

test('records() lists everything in canonical order (RFC 4034 §6)', (t) => {
  const zone = zoneWith(
    'b A 192.0.2.2',
    'a A 192.0.2.9',
    'a A 192.0.2.1',
    '@ NS ns.a',
    'Z.a TXT "z"',
    '*.a A 192.0.2.3',
  );
  const owners = [...zone.records()].map(
    (r) => `${r.name} ${rrTypeToString(r.type)} ${rdataToText(r.type, r.rdata)}`,
  );
  t.deepEqual(owners, [
    'example.test. NS ns.a.example.test.',
    'a.example.test. A 192.0.2.1',
    'a.example.test. A 192.0.2.9',
    '*.a.example.test. A 192.0.2.3',
    'Z.a.example.test. TXT "z"',
    'b.example.test. A 192.0.2.2',
  ]);
});

test('revision counts mutations; clear empties the zone', (t) => {
  const zone = zoneWith('www A 192.0.2.1');
  const before = zone.revision;
  zone.addRecord(rr('www A 192.0.2.1'));
  t.is(zone.revision, before, 'a duplicate changes nothing');
  zone.clear();
  t.true(zone.revision > before);
  t.is(zone.recordCount, 0);
  t.is(zone.nodeCount, 1);
  t.is(zone.soa, undefined);
});
