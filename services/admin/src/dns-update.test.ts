import { Name, Rcode, RRClass, RRType, rdataFromText } from '@shoal/dns-wire';
import test from 'ava';
import type { CurrentRRset } from './change-plan.js';
import { type ParsedUpdateRecord, planUpdate } from './dns-update.js';

const origin = Name.parse('example.test.');
const n = (s: string) => Name.parse(s.endsWith('.') ? s : `${s}.example.test.`);
const set = (owner: string, type: number, ttl: number, ...texts: string[]): CurrentRRset => ({
  owner: owner === '@' ? origin : n(owner),
  type,
  ttl,
  rdatas: texts.map((x) => rdataFromText(type, x, origin)),
});
const zone: CurrentRRset[] = [
  set('@', RRType.SOA, 3600, 'ns1 hostmaster 1 3600 600 86400 300'),
  set('@', RRType.NS, 3600, 'ns1.example.test.'),
  set('www', RRType.A, 300, '192.0.2.1', '192.0.2.2'),
  set('alias', RRType.CNAME, 300, 'www.example.test.'),
];
const at = (owner: Name) => zone.filter((s) => s.owner.equals(owner));
const rr = (owner: string, type: number, rrClass: number, ttl = 0, text = ''): ParsedUpdateRecord => ({
  owner: owner === '@' ? origin : n(owner),
  type,
  rrClass,
  ttl,
  rdata: text ? rdataFromText(type, text, origin) : new Uint8Array(0),
});
const plan = (prereqs: ParsedUpdateRecord[], updates: ParsedUpdateRecord[]) =>
  planUpdate(origin, prereqs, updates, at);
const rcodeOf = (p: ReturnType<typeof planUpdate>) => ('rcode' in p ? p.rcode : Rcode.NOERROR);
const changesOf = (p: ReturnType<typeof planUpdate>) =>
  'changes' in p
    ? p.changes.map((c) => `${c.op} ${c.owner} ${c.type}${c.op === 'replace' ? ` x${c.rdatas.length}` : ''}`)
    : [];

test('prerequisites of every kind (RFC 2136 §2.4, §3.2.5)', (t) => {
  t.is(rcodeOf(plan([rr('www', RRType.ANY, RRClass.ANY)], [])), Rcode.NOERROR, 'name in use');
  t.is(rcodeOf(plan([rr('nope', RRType.ANY, RRClass.ANY)], [])), Rcode.NXDOMAIN);
  t.is(rcodeOf(plan([rr('www', RRType.AAAA, RRClass.ANY)], [])), Rcode.NXRRSET);
  t.is(rcodeOf(plan([rr('www', RRType.ANY, RRClass.NONE)], [])), Rcode.YXDOMAIN);
  t.is(rcodeOf(plan([rr('www', RRType.A, RRClass.NONE)], [])), Rcode.YXRRSET);
  t.is(rcodeOf(plan([rr('www', RRType.AAAA, RRClass.NONE)], [])), Rcode.NOERROR);
  // Value dependent: the whole RRset, in any order.
  const both = [
    rr('www', RRType.A, RRClass.IN, 0, '192.0.2.2'),
    rr('www', RRType.A, RRClass.IN, 0, '192.0.2.1'),
  ];
  t.is(rcodeOf(plan(both, [])), Rcode.NOERROR);
  t.is(rcodeOf(plan(both.slice(0, 1), [])), Rcode.NXRRSET, 'a subset is not the RRset');
  t.is(rcodeOf(plan([rr('www.other.test.', RRType.ANY, RRClass.ANY)], [])), Rcode.NOTZONE);
  t.is(rcodeOf(plan([rr('www', RRType.ANY, RRClass.ANY, 5)], [])), Rcode.FORMERR, 'TTL not 0');
});

test('updates: add, delete an RR, an RRset, a name; nothing happens when one is malformed', (t) => {
  t.deepEqual(changesOf(plan([], [rr('www', RRType.A, RRClass.IN, 300, '192.0.2.3')])), [
    'replace www.example.test. 1 x3',
  ]);
  t.deepEqual(changesOf(plan([], [rr('www', RRType.A, RRClass.IN, 300, '192.0.2.1')])), [], 'already there');
  t.deepEqual(changesOf(plan([], [rr('www', RRType.A, RRClass.NONE, 0, '192.0.2.1')])), [
    'replace www.example.test. 1 x1',
  ]);
  t.deepEqual(changesOf(plan([], [rr('www', RRType.A, RRClass.ANY)])), ['delete www.example.test. 1']);
  t.deepEqual(changesOf(plan([], [rr('www', RRType.ANY, RRClass.ANY)])), ['delete www.example.test. 1']);
  t.deepEqual(changesOf(plan([], [rr('nope', RRType.A, RRClass.ANY)])), [], 'deleting what is not there');
  const malformed = plan([], [rr('www', RRType.A, RRClass.ANY), rr('www', RRType.A, RRClass.ANY, 5)]);
  t.is(rcodeOf(malformed), Rcode.FORMERR);
  t.is(rcodeOf(plan([], [rr('x.other.test.', RRType.A, RRClass.IN, 300, '192.0.2.9')])), Rcode.NOTZONE);
  t.is(rcodeOf(plan([], [rr('www', RRType.ANY, RRClass.IN, 300)])), Rcode.FORMERR);
});

test('the special cases of §3.4.2: SOA, apex NS, CNAME', (t) => {
  t.deepEqual(changesOf(plan([], [rr('@', RRType.ANY, RRClass.ANY)])), [], 'the apex keeps SOA and NS');
  t.deepEqual(
    changesOf(plan([], [rr('@', RRType.NS, RRClass.NONE, 0, 'ns1.example.test.')])),
    [],
    'the last NS stays',
  );
  t.deepEqual(
    changesOf(plan([], [rr('@', RRType.SOA, RRClass.IN, 3600, 'ns1 hostmaster 99 3600 600 86400 300')])),
    [],
    'the serial is the fleet’s',
  );
  t.deepEqual(
    changesOf(plan([], [rr('alias', RRType.A, RRClass.IN, 300, '192.0.2.9')])),
    [],
    'data beside a CNAME',
  );
  t.deepEqual(
    changesOf(plan([], [rr('www', RRType.CNAME, RRClass.IN, 300, 'alias.example.test.')])),
    [],
    'a CNAME beside data',
  );
  t.deepEqual(
    changesOf(plan([], [rr('alias', RRType.CNAME, RRClass.IN, 300, 'mail.example.test.')])),
    ['replace alias.example.test. 5 x1'],
    'a new CNAME replaces the old',
  );
});
