import { Name, RRType, rdataFromText, soaSerial } from '@shoal/dns-wire';
import { SerialPolicy } from '@shoal/events';
import test from 'ava';
import { type CurrentRRset, planChangeSet, type ZoneState } from './change-plan.js';
import { ValidationError, type Violation } from './errors.js';
import { type ParsedRRsetInput, parseRRsetInput, type RRsetChange } from './rrset-input.js';

const origin = Name.parse('example.test.');
const now = new Date('2025-03-01T12:00:00Z');

function set(owner: string, type: string, ttl: number, ...records: string[]): CurrentRRset {
  const code = RRType[type as keyof typeof RRType] as number;
  return {
    owner: Name.parse(owner, origin),
    type: code,
    ttl,
    rdatas: records.map((r) => rdataFromText(code, r, origin)),
  };
}

/** A zone: SOA + NS at the apex, plus the given RRsets. */
function zone(...sets: CurrentRRset[]): ZoneState {
  const rrsetsAt = new Map<string, CurrentRRset[]>();
  for (const s of [
    set('@', 'SOA', 3600, 'ns1 hostmaster 10 3600 600 86400 300'),
    set('@', 'NS', 3600, 'ns1'),
    ...sets,
  ]) {
    rrsetsAt.set(s.owner.key, [...(rrsetsAt.get(s.owner.key) ?? []), s]);
  }
  return { origin, serialPolicy: SerialPolicy.SERIAL_POLICY_INCREMENT, rrsetsAt };
}

function parse(edits: (ParsedRRsetInput & { op?: 'replace' | 'delete' })[]): {
  changes: RRsetChange[];
  violations: Violation[];
} {
  const violations: Violation[] = [];
  const changes: RRsetChange[] = [];
  edits.forEach((e, i) => {
    const c = parseRRsetInput(origin, e, `rrsets[${i}]`, e.op ?? 'replace', violations);
    if (c) changes.push(c);
  });
  return { changes, violations };
}

const rr = (name: string, type: string, records: string[], ttl = 300) => ({ name, type, ttl, records });

/** The rules a request breaks, parse and plan together. */
function rules(state: ZoneState, edits: (ParsedRRsetInput & { op?: 'replace' | 'delete' })[]): string[] {
  const { changes, violations } = parse(edits);
  if (violations.length) return violations.map((v) => v.rule);
  try {
    planChangeSet(state, changes, now);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.violations.map((v) => v.rule);
  }
}

test('a valid change becomes one ChangeSet in IXFR shape with the next serial', (t) => {
  const { changes } = parse([rr('www', 'A', ['192.0.2.1', '192.0.2.2'])]);
  const cs = planChangeSet(zone(set('www', 'A', 300, '192.0.2.9')), changes, now)!;
  t.is(cs.fromSerial, 10);
  t.is(cs.toSerial, 11);
  t.is(cs.removed[0].type, RRType.SOA, 'old SOA first among the removed');
  t.is(cs.added[0].type, RRType.SOA, 'new SOA first among the added');
  t.is(soaSerial(cs.added[0].rdata), 11);
  t.is(cs.removed.length, 2);
  t.is(cs.added.length, 3);
});

test('a change that changes nothing writes nothing', (t) => {
  const { changes } = parse([rr('www', 'A', ['192.0.2.9'])]);
  t.is(planChangeSet(zone(set('www', 'A', 300, '192.0.2.9')), changes, now), undefined);
});

test('an operator SOA with a greater serial sets the serial; an older one is ignored', (t) => {
  const ahead = parse([rr('@', 'SOA', ['ns1 hostmaster 500 3600 600 86400 300'], 3600)]).changes;
  t.is(planChangeSet(zone(), ahead, now)?.toSerial, 500);
  const behind = parse([rr('@', 'SOA', ['ns1 hostmaster 3 3600 600 86400 300'], 3600)]).changes;
  t.is(planChangeSet(zone(), behind, now), undefined, 'same SOA but for an older serial: no change');
  const edited = parse([rr('@', 'SOA', ['ns2 hostmaster 3 3600 600 86400 300'], 3600)]).changes;
  t.is(planChangeSet(zone(), edited, now)?.toSerial, 11, 'other fields changed: policy serial');
});

test('bad-name: a label over 63 octets or a name over 255', (t) => {
  t.deepEqual(rules(zone(), [rr('x'.repeat(64), 'A', ['192.0.2.1'])]), ['bad-name']);
  const long = Array.from({ length: 60 }, () => 'abcd').join('.');
  t.deepEqual(rules(zone(), [rr(long, 'A', ['192.0.2.1'])]), ['bad-name']);
});

test('out-of-zone: owners outside the zone', (t) => {
  t.deepEqual(rules(zone(), [rr('www.other.test.', 'A', ['192.0.2.1'])]), ['out-of-zone']);
  t.deepEqual(rules(zone(), [rr('test.', 'A', ['192.0.2.1'])]), ['out-of-zone']);
});

test('bad-type: unknown mnemonics and meta types', (t) => {
  t.deepEqual(rules(zone(), [rr('www', 'BOGUS', ['x'])]), ['bad-type']);
  t.deepEqual(rules(zone(), [rr('www', 'OPT', ['x'])]), ['bad-type']);
  t.deepEqual(rules(zone(), [rr('www', 'TSIG', ['x'])]), ['bad-type']);
  t.deepEqual(rules(zone(), [rr('www', 'ANY', ['x'])]), ['bad-type']);
});

test('bad-rdata: every unparsable record is reported, with its index', (t) => {
  const { violations } = parse([rr('www', 'A', ['192.0.2.1', '192.0.2.500', 'nonsense'])]);
  t.deepEqual(
    violations.map((v) => [v.field, v.rule]),
    [
      ['rrsets[0].records[1]', 'bad-rdata'],
      ['rrsets[0].records[2]', 'bad-rdata'],
    ],
  );
  t.deepEqual(rules(zone(), [rr('@', 'MX', ['mail.example.test.'])]), ['bad-rdata'], 'MX without preference');
});

test('ttl-range: negative, fractional and over 2^31-1', (t) => {
  t.deepEqual(rules(zone(), [rr('www', 'A', ['192.0.2.1'], -1)]), ['ttl-range']);
  t.deepEqual(rules(zone(), [rr('www', 'A', ['192.0.2.1'], 1.5)]), ['ttl-range']);
  t.deepEqual(rules(zone(), [rr('www', 'A', ['192.0.2.1'], 2 ** 31)]), ['ttl-range']);
  t.deepEqual(rules(zone(), [rr('www', 'A', ['192.0.2.1'], 2 ** 31 - 1)]), []);
});

test('duplicate-record: the same RDATA twice, also when names differ only in case', (t) => {
  t.deepEqual(rules(zone(), [rr('www', 'A', ['192.0.2.1', '192.0.2.1'])]), ['duplicate-record']);
  t.deepEqual(rules(zone(), [rr('@', 'NS', ['ns1.example.test.', 'NS1.Example.TEST.'])]), [
    'duplicate-record',
  ]);
});

test('duplicate-change: one RRset changed twice in a request', (t) => {
  t.deepEqual(rules(zone(), [rr('www', 'A', ['192.0.2.1']), rr('WWW', 'A', ['192.0.2.2'])]), [
    'duplicate-change',
  ]);
});

test('cname-beside-data: against existing data and within one request; RRSIG/NSEC may stay', (t) => {
  t.deepEqual(rules(zone(set('www', 'A', 300, '192.0.2.1')), [rr('www', 'CNAME', ['host.example.test.'])]), [
    'cname-beside-data',
  ]);
  t.deepEqual(rules(zone(set('www', 'CNAME', 300, 'host.example.test.')), [rr('www', 'TXT', ['"x"'])]), [
    'cname-beside-data',
  ]);
  t.deepEqual(
    rules(zone(set('www', 'A', 300, '192.0.2.1')), [
      rr('www', 'CNAME', ['host.example.test.']),
      { ...rr('www', 'A', []), op: 'delete' },
    ]),
    [],
    'replacing A by CNAME in one request is fine: the rules see the final state',
  );
  t.deepEqual(
    rules(zone(), [rr('www', 'CNAME', ['host.example.test.']), rr('www', 'NSEC', ['host.example.test. A'])]),
    [],
  );
});

test('cname-at-apex and singleton CNAME/DNAME', (t) => {
  t.true(rules(zone(), [rr('@', 'CNAME', ['other.test.'])]).includes('cname-at-apex'));
  t.deepEqual(rules(zone(), [rr('www', 'CNAME', ['a.test.', 'b.test.'])]), ['singleton']);
  t.deepEqual(rules(zone(), [rr('old', 'DNAME', ['a.test.', 'b.test.'])]), ['singleton']);
});

test('cname-loop: a CNAME to its own owner', (t) => {
  t.deepEqual(rules(zone(), [rr('www', 'CNAME', ['www.example.test.'])]), ['cname-loop']);
});

test('SOA rules: only at the apex, exactly one, never deleted', (t) => {
  t.deepEqual(rules(zone(), [rr('www', 'SOA', ['ns1 hostmaster 1 1 1 1 1'])]), ['soa-not-at-apex']);
  t.deepEqual(rules(zone(), [rr('@', 'SOA', ['ns1 hostmaster 1 1 1 1 1', 'ns2 hostmaster 1 1 1 1 1'])]), [
    'soa-singleton',
  ]);
  t.deepEqual(rules(zone(), [{ ...rr('@', 'SOA', []), op: 'delete' }]), ['soa-required']);
  t.deepEqual(rules(zone(), [rr('@', 'SOA', [])]), ['soa-required'], 'replace with no records is a delete');
});

test('apex-ns-required: the apex NS RRset cannot go', (t) => {
  t.deepEqual(rules(zone(), [{ ...rr('@', 'NS', []), op: 'delete' }]), ['apex-ns-required']);
  t.deepEqual(rules(zone(), [rr('@', 'NS', ['ns2'])]), [], 'replacing it is fine');
});

test('NS: not at a wildcard; delegations may carry glue below them', (t) => {
  t.deepEqual(rules(zone(), [rr('*.sub', 'NS', ['ns.other.test.'])]), ['wildcard-ns']);
  t.deepEqual(
    rules(zone(), [rr('sub', 'NS', ['ns.sub.example.test.']), rr('ns.sub', 'A', ['192.0.2.53'])]),
    [],
  );
});

test('DS: only at a delegation point, never at the apex', (t) => {
  const ds = '12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
  t.deepEqual(rules(zone(), [rr('sub', 'DS', [ds])]), ['ds-without-ns']);
  t.deepEqual(rules(zone(), [rr('sub', 'DS', [ds]), rr('sub', 'NS', ['ns.other.test.'])]), []);
  t.deepEqual(rules(zone(), [rr('@', 'DS', [ds])]), ['ds-at-apex']);
  t.deepEqual(
    rules(zone(set('sub', 'NS', 300, 'ns.other.test.'), set('sub', 'DS', 300, ds)), [
      { ...rr('sub', 'NS', []), op: 'delete' },
    ]),
    ['ds-without-ns'],
  );
});

test('DNAME: not beside NS below the apex, not at a wildcard, not into its own subtree', (t) => {
  t.deepEqual(rules(zone(set('sub', 'NS', 300, 'ns.other.test.')), [rr('sub', 'DNAME', ['other.test.'])]), [
    'dname-beside-ns',
  ]);
  t.deepEqual(rules(zone(), [rr('@', 'DNAME', ['other.test.'])]), [], 'at the apex beside NS it is allowed');
  t.deepEqual(rules(zone(), [rr('*.w', 'DNAME', ['other.test.'])]), ['wildcard-dname']);
  t.deepEqual(rules(zone(), [rr('old', 'DNAME', ['x.old.example.test.'])]), ['dname-loop']);
});

test('DNAME occlusion: nothing below a DNAME, checked from both sides', (t) => {
  const withDname = zone(set('old', 'DNAME', 300, 'new.test.'));
  t.deepEqual(rules(withDname, [rr('www.old', 'A', ['192.0.2.1'])]), ['below-dname']);
  t.deepEqual(rules(withDname, [rr('a.b.old', 'A', ['192.0.2.1'])]), ['below-dname'], 'deeper too');
  t.deepEqual(rules(zone(), [rr('old', 'DNAME', ['new.test.']), rr('x.old', 'TXT', ['"y"'])]), [
    'below-dname',
  ]);
  const state = zone(set('x.old', 'A', 300, '192.0.2.1'));
  state.below = new Map([
    [Name.parse('old.example.test.').key, [{ owner: Name.parse('x.old.example.test.'), type: RRType.A }]],
  ]);
  t.deepEqual(rules(state, [rr('old', 'DNAME', ['new.test.'])]), ['dname-occludes']);
  t.deepEqual(
    rules(state, [rr('old', 'DNAME', ['new.test.']), { ...rr('x.old', 'A', []), op: 'delete' }]),
    [],
    'unless they go too',
  );
});

test('wildcards and CNAMEs: a wildcard CNAME is fine, and a name beside it is not below it', (t) => {
  t.deepEqual(rules(zone(), [rr('*.w', 'CNAME', ['target.test.']), rr('x.w', 'A', ['192.0.2.1'])]), []);
  t.deepEqual(rules(zone(set('*.w', 'CNAME', 300, 'target.test.')), [rr('*.w', 'TXT', ['"x"'])]), [
    'cname-beside-data',
  ]);
});

test('every violation of a request is reported, not just the first', (t) => {
  const found = rules(zone(set('www', 'A', 300, '192.0.2.1')), [
    rr('www', 'CNAME', ['host.example.test.']),
    rr('sub', 'DS', ['12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
    rr('*.x', 'NS', ['ns.test.']),
  ]);
  t.deepEqual(found.sort(), ['cname-beside-data', 'ds-without-ns', 'wildcard-ns']);
});
