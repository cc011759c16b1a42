/**
 * The PowerDNS-compatible API against the real thing: the same requests (from PowerDNS's API
 * documentation, plus the error cases clients hit) go to a real pdns_server 4.7 with the
 * gsqlite3 backend and to the Shoal admin, and the answers are compared: status, content type
 * and body, normalised only where values legitimately differ (serials, generated secrets,
 * counters, the version string; array order). Every difference that remains is listed in
 * DIFFERENCES with the reason, and the test checks that it still is one.
 *
 * Fails, never skips, when pdns_server is missing: the comparison is the point.
 */
import anyTest, { type TestFn } from 'ava';
import { type ManagedProcess, NatsServer } from '../harness/index.js';
import { type HttpResult, http, type StartedAdmin, startAdmin } from '../integration/admin-harness.js';
import { startPdnsApiServer } from './pdns-api-server.js';

const API = '/api/v1/servers/localhost';

interface Step {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  key?: string | null;
  accept?: string;
  /** Values that legitimately differ, replaced before comparing. */
  normalise?: (json: unknown) => unknown;
}

/** A difference that remains between PowerDNS 4.7 and Shoal, and why. */
interface Difference {
  step: string;
  what: string;
  why: string;
}

/** Every difference the comparison finds, as data: the test fails if one disappears or a new one appears. */
const DIFFERENCES: Difference[] = [
  {
    step: 'PATCH: invalid IPv4 address',
    what: 'the reason after "Record test.example.org./A \'192.168.0.500\': " is worded differently',
    why: 'the RDATA parser is our own (dns-wire); the prefix PowerDNS clients match on is the same',
  },
  {
    step: 'PATCH: relative name in MX content',
    what: 'the reason after "Record mx.example.org./MX \'10 mail\': " is worded differently',
    why: 'PowerDNS says "Not in expected format"; dns-wire says the name is relative: same refusal, same prefix',
  },
  {
    step: 'PATCH: DELETE the SOA',
    what: 'PowerDNS deletes the SOA (204); Shoal refuses it (422)',
    why: 'a zone without SOA can be neither served nor transferred; every zone in the stream keeps one',
  },
  {
    step: 'PATCH: a disabled record',
    what: 'PowerDNS stores it disabled (204); Shoal refuses it (422)',
    why: 'the event model has no disabled records: what is in a zone is served by every node',
  },
  {
    step: 'POST: secondary zone',
    what: 'PowerDNS makes an empty zone (serial 0, no RRsets) until the first AXFR; Shoal gives it an SOA',
    why: 'every zone in the stream has an SOA; the transfer bridge replaces the contents on the first transfer',
  },
  {
    step: 'GET: the secondary zone',
    what: 'the same: Shoal lists the SOA it made',
    why: 'see "POST: secondary zone"',
  },
  {
    step: 'GET: statistics',
    what: 'different statistic names: PowerDNS counts one server, Shoal the fleet and the admin (only "uptime" is common)',
    why: 'a fleet has no single query counter set; see dnsctl stats for the list',
  },
];

/** The requests, in order: both servers see the same sequence and build the same state. */
const STEPS: Step[] = [
  { name: 'GET: API discovery', method: 'GET', path: '/api' },
  { name: 'GET: API v1', method: 'GET', path: '/api/v1' },
  { name: 'GET: servers', method: 'GET', path: '/api/v1/servers', normalise: dropVersion },
  { name: 'GET: server', method: 'GET', path: API, normalise: dropVersion },
  { name: 'GET: no API key', method: 'GET', path: `${API}/zones`, key: null },
  { name: 'GET: wrong API key', method: 'GET', path: `${API}/zones`, key: 'not-the-key-at-all-0123' },
  { name: 'GET: another server id', method: 'GET', path: '/api/v1/servers/other/zones' },
  { name: 'GET: no zones yet', method: 'GET', path: `${API}/zones` },
  // From the documentation's examples (docs/http-api/zone.rst).
  {
    name: 'POST: create a zone',
    method: 'POST',
    path: `${API}/zones`,
    body: {
      name: 'example.org.',
      kind: 'Native',
      masters: [],
      nameservers: ['ns1.example.org.', 'ns2.example.org.'],
    },
  },
  {
    name: 'POST: the same zone again',
    method: 'POST',
    path: `${API}/zones`,
    body: { name: 'example.org.', kind: 'Native', masters: [], nameservers: ['ns1.example.org.'] },
  },
  { name: 'GET: zone list', method: 'GET', path: `${API}/zones` },
  { name: 'GET: zone list filtered', method: 'GET', path: `${API}/zones?zone=example.org.` },
  { name: 'GET: zone list, no match', method: 'GET', path: `${API}/zones?zone=nonexist.org.` },
  { name: 'GET: a zone', method: 'GET', path: `${API}/zones/example.org.` },
  { name: 'GET: a zone id without the dot', method: 'GET', path: `${API}/zones/example.org` },
  { name: 'GET: a zone without RRsets', method: 'GET', path: `${API}/zones/example.org.?rrsets=false` },
  { name: 'GET: unknown zone', method: 'GET', path: `${API}/zones/nonexist.org.` },
  {
    name: 'GET: unknown zone, JSON',
    method: 'GET',
    path: `${API}/zones/nonexist.org.`,
    accept: 'application/json',
  },
  {
    name: 'PATCH: create an RRset',
    method: 'PATCH',
    path: `${API}/zones/example.org.`,
    body: {
      rrsets: [
        {
          name: 'test.example.org.',
          type: 'A',
          ttl: 3600,
          changetype: 'REPLACE',
          records: [{ content: '192.168.0.5', disabled: false }],
        },
      ],
    },
  },
  { name: 'GET: the zone after PATCH', method: 'GET', path: `${API}/zones/example.org.` },
  {
    name: 'PATCH: RRset with comments',
    method: 'PATCH',
    path: `${API}/zones/example.org.`,
    body: {
      rrsets: [
        {
          name: 'mail.example.org.',
          type: 'MX',
          ttl: 300,
          changetype: 'REPLACE',
          records: [{ content: '10 mx.example.org.', disabled: false }],
          comments: [{ content: 'mail server', account: 'ops', modified_at: 1700000000 }],
        },
      ],
    },
  },
  { name: 'GET: RRsets with comments', method: 'GET', path: `${API}/zones/example.org.` },
  {
    name: 'PATCH: several RRsets at once',
    method: 'PATCH',
    path: `${API}/zones/example.org.`,
    body: {
      rrsets: [
        {
          name: 'www.example.org.',
          type: 'AAAA',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '2001:db8::1', disabled: false }],
        },
        {
          name: 'txt.example.org.',
          type: 'TXT',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '"hello world"', disabled: false }],
        },
        {
          name: 'alias.example.org.',
          type: 'CNAME',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: 'www.example.org.', disabled: false }],
        },
      ],
    },
  },
  {
    name: 'PATCH: delete an RRset',
    method: 'PATCH',
    path: `${API}/zones/example.org.`,
    body: { rrsets: [{ name: 'txt.example.org.', type: 'TXT', changetype: 'DELETE' }] },
  },
  { name: 'GET: export', method: 'GET', path: `${API}/zones/example.org./export` },
  {
    name: 'GET: export as JSON',
    method: 'GET',
    path: `${API}/zones/example.org./export`,
    accept: 'application/json',
    normalise: exportLines,
  },
  { name: 'POST: export (wrong method)', method: 'POST', path: `${API}/zones/example.org./export` },
  // Validation: each rule as PowerDNS words it.
  patchError('PATCH: invalid IPv4 address', {
    name: 'test.example.org.',
    type: 'A',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: '192.168.0.500', disabled: false }],
  }),
  patchError('PATCH: out of zone', {
    name: 'test.other.org.',
    type: 'A',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: '192.168.0.5', disabled: false }],
  }),
  patchError('PATCH: CNAME beside data', {
    name: 'test.example.org.',
    type: 'CNAME',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: 'x.example.org.', disabled: false }],
  }),
  patchError('PATCH: data beside a CNAME', {
    name: 'alias.example.org.',
    type: 'A',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: '192.0.2.1', disabled: false }],
  }),
  patchError('PATCH: duplicate record', {
    name: 'test.example.org.',
    type: 'A',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [
      { content: '192.168.0.5', disabled: false },
      { content: '192.168.0.5', disabled: false },
    ],
  }),
  patchError('PATCH: two CNAME records', {
    name: 'two.example.org.',
    type: 'CNAME',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [
      { content: 'a.example.org.', disabled: false },
      { content: 'b.example.org.', disabled: false },
    ],
  }),
  patchError('PATCH: name not canonical', {
    name: 'test.example.org',
    type: 'A',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: '192.168.0.5', disabled: false }],
  }),
  patchError('PATCH: unknown changetype', {
    name: 'test.example.org.',
    type: 'A',
    ttl: 3600,
    changetype: 'FOO',
    records: [],
  }),
  patchError('PATCH: unknown type', {
    name: 'test.example.org.',
    type: 'BOGUS',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: 'x', disabled: false }],
  }),
  patchError('PATCH: no TTL', {
    name: 'test.example.org.',
    type: 'A',
    changetype: 'REPLACE',
    records: [{ content: '1.2.3.4', disabled: false }],
  }),
  patchError('PATCH: nothing to change', {
    name: 'x.example.org.',
    type: 'A',
    ttl: 3600,
    changetype: 'REPLACE',
  }),
  patchError('PATCH: relative name in MX content', {
    name: 'mx.example.org.',
    type: 'MX',
    ttl: 3600,
    changetype: 'REPLACE',
    records: [{ content: '10 mail', disabled: false }],
  }),
  // The two requests PowerDNS accepts and Shoal refuses go to a zone of their own, so that what
  // PowerDNS does with them does not spill over into the comparisons that follow.
  {
    name: 'POST: a scratch zone',
    method: 'POST',
    path: `${API}/zones`,
    body: { name: 'scratch.org.', kind: 'Native', nameservers: ['ns1.scratch.org.'] },
  },
  {
    name: 'PATCH: DELETE the SOA',
    method: 'PATCH',
    path: `${API}/zones/scratch.org.`,
    body: { rrsets: [{ name: 'scratch.org.', type: 'SOA', changetype: 'DELETE' }] },
  },
  {
    name: 'PATCH: a disabled record',
    method: 'PATCH',
    path: `${API}/zones/scratch.org.`,
    body: {
      rrsets: [
        {
          name: 'dis.scratch.org.',
          type: 'A',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '192.0.2.1', disabled: true }],
        },
      ],
    },
  },
  { name: 'DELETE: the scratch zone', method: 'DELETE', path: `${API}/zones/scratch.org.` },
  {
    name: 'PATCH: the same RRset twice',
    method: 'PATCH',
    path: `${API}/zones/example.org.`,
    body: {
      rrsets: [
        {
          name: 'dup.example.org.',
          type: 'A',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '192.0.2.1', disabled: false }],
        },
        {
          name: 'dup.example.org.',
          type: 'A',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '192.0.2.2', disabled: false }],
        },
      ],
    },
  },
  { name: 'PATCH: no rrsets', method: 'PATCH', path: `${API}/zones/example.org.`, body: {} },
  { name: 'PATCH: malformed JSON', method: 'PATCH', path: `${API}/zones/example.org.`, body: '{"rrsets": [' },
  { name: 'PATCH: unknown zone', method: 'PATCH', path: `${API}/zones/nonexist.org.`, body: { rrsets: [] } },
  { name: 'GET: the zone after refused PATCHes', method: 'GET', path: `${API}/zones/example.org.` },
  // Zone-level operations.
  { name: 'PUT: notify', method: 'PUT', path: `${API}/zones/example.org./notify` },
  { name: 'PUT: rectify', method: 'PUT', path: `${API}/zones/example.org./rectify` },
  {
    name: 'PUT: zone settings',
    method: 'PUT',
    path: `${API}/zones/example.org.`,
    body: { kind: 'Master', account: 'acct1' },
  },
  { name: 'GET: zone after PUT', method: 'GET', path: `${API}/zones/example.org.?rrsets=false` },
  // Metadata.
  { name: 'GET: metadata', method: 'GET', path: `${API}/zones/example.org./metadata` },
  {
    name: 'POST: metadata',
    method: 'POST',
    path: `${API}/zones/example.org./metadata`,
    body: { kind: 'X-TEST', metadata: ['a', 'b'] },
  },
  {
    name: 'POST: metadata ALLOW-AXFR-FROM',
    method: 'POST',
    path: `${API}/zones/example.org./metadata`,
    body: { kind: 'ALLOW-AXFR-FROM', metadata: ['192.0.2.0/24'] },
  },
  { name: 'GET: one metadata kind', method: 'GET', path: `${API}/zones/example.org./metadata/X-TEST` },
  {
    name: 'PUT: metadata kind',
    method: 'PUT',
    path: `${API}/zones/example.org./metadata/X-TEST`,
    body: { kind: 'X-TEST', metadata: ['c'] },
  },
  { name: 'GET: metadata after changes', method: 'GET', path: `${API}/zones/example.org./metadata` },
  { name: 'DELETE: metadata kind', method: 'DELETE', path: `${API}/zones/example.org./metadata/X-TEST` },
  {
    name: 'POST: unsupported metadata kind',
    method: 'POST',
    path: `${API}/zones/example.org./metadata`,
    body: { kind: 'PRESIGNED', metadata: ['1'] },
  },
  { name: 'GET: unsupported metadata kind', method: 'GET', path: `${API}/zones/example.org./metadata/NOPE` },
  { name: 'GET: metadata of an unknown zone', method: 'GET', path: `${API}/zones/nonexist.org./metadata` },
  // TSIG keys (docs/http-api/tsigkey.rst).
  { name: 'GET: no TSIG keys', method: 'GET', path: `${API}/tsigkeys` },
  {
    name: 'POST: TSIG key, generated',
    method: 'POST',
    path: `${API}/tsigkeys`,
    body: { name: 'test-key', algorithm: 'hmac-sha256' },
    normalise: secret,
  },
  {
    name: 'POST: TSIG key, given',
    method: 'POST',
    path: `${API}/tsigkeys`,
    body: { name: 'given.key.', algorithm: 'hmac-sha512', key: 'Zm9vYmFy' },
  },
  {
    name: 'POST: TSIG key that exists',
    method: 'POST',
    path: `${API}/tsigkeys`,
    body: { name: 'test-key', algorithm: 'hmac-sha256' },
  },
  {
    name: 'POST: TSIG key that exists, JSON',
    method: 'POST',
    path: `${API}/tsigkeys`,
    body: { name: 'test-key', algorithm: 'hmac-sha256' },
    accept: 'application/json',
  },
  {
    name: 'POST: TSIG key, unknown algorithm',
    method: 'POST',
    path: `${API}/tsigkeys`,
    body: { name: 'bad-alg', algorithm: 'hmac-foo' },
  },
  {
    name: 'POST: TSIG key, bad base64',
    method: 'POST',
    path: `${API}/tsigkeys`,
    body: { name: 'bad-b64', algorithm: 'hmac-sha256', key: '!!!' },
  },
  { name: 'GET: TSIG keys', method: 'GET', path: `${API}/tsigkeys` },
  { name: 'GET: a TSIG key', method: 'GET', path: `${API}/tsigkeys/given.key.` },
  { name: 'GET: a TSIG key without the dot', method: 'GET', path: `${API}/tsigkeys/given.key` },
  { name: 'GET: unknown TSIG key', method: 'GET', path: `${API}/tsigkeys/nokey.` },
  { name: 'PUT: TSIG key', method: 'PUT', path: `${API}/tsigkeys/given.key.`, body: { key: 'YmF6cXV4' } },
  { name: 'DELETE: TSIG key', method: 'DELETE', path: `${API}/tsigkeys/given.key.` },
  { name: 'DELETE: TSIG key again', method: 'DELETE', path: `${API}/tsigkeys/given.key.` },
  // Search, statistics, cache.
  { name: 'GET: search-data, records by wildcard', method: 'GET', path: `${API}/search-data?q=test*` },
  { name: 'GET: search-data, zone name', method: 'GET', path: `${API}/search-data?q=example.org` },
  {
    name: 'GET: search-data, comments',
    method: 'GET',
    path: `${API}/search-data?q=mail*&object_type=comment`,
  },
  { name: 'GET: search-data, blank', method: 'GET', path: `${API}/search-data?q=` },
  {
    name: 'GET: search-data, bad object_type',
    method: 'GET',
    path: `${API}/search-data?q=x&object_type=nope`,
  },
  { name: 'GET: statistics', method: 'GET', path: `${API}/statistics`, normalise: statisticNames },
  {
    name: 'GET: one statistic',
    method: 'GET',
    path: `${API}/statistics?statistic=uptime`,
    normalise: statisticValues,
  },
  { name: 'GET: unknown statistic', method: 'GET', path: `${API}/statistics?statistic=nonexistent` },
  // How many entries a flush dropped is a property of each cache (Shoal's are on the nodes).
  {
    name: 'PUT: cache flush',
    method: 'PUT',
    path: `${API}/cache/flush?domain=example.org.`,
    normalise: (j) => ({ ...(j as object), count: '<count>' }),
  },
  // More zone creation: with RRsets, secondary, names, kinds.
  {
    name: 'POST: zone with RRsets',
    method: 'POST',
    path: `${API}/zones`,
    body: {
      name: 'prim.org.',
      kind: 'Master',
      nameservers: ['ns1.prim.org.'],
      rrsets: [
        { name: 'www.prim.org.', type: 'A', ttl: 60, records: [{ content: '192.0.2.7', disabled: false }] },
      ],
    },
  },
  {
    name: 'POST: secondary zone',
    method: 'POST',
    path: `${API}/zones`,
    body: { name: 'sec.org.', kind: 'Slave', masters: ['192.0.2.1'] },
  },
  { name: 'GET: the secondary zone', method: 'GET', path: `${API}/zones/sec.org.` },
  {
    name: 'POST: zone name not canonical',
    method: 'POST',
    path: `${API}/zones`,
    body: { name: 'bad.org', kind: 'Native', nameservers: [] },
  },
  {
    name: 'POST: zone without a name',
    method: 'POST',
    path: `${API}/zones`,
    body: { kind: 'Native', nameservers: [] },
  },
  {
    name: 'POST: zone, nameserver not canonical',
    method: 'POST',
    path: `${API}/zones`,
    body: { name: 'ns.org.', kind: 'Native', nameservers: ['ns1.ns.org'] },
  },
  { name: 'POST: zone, malformed JSON', method: 'POST', path: `${API}/zones`, body: 'not json' },
  {
    name: 'POST: zone with a "/" in its name',
    method: 'POST',
    path: `${API}/zones`,
    body: { name: '0/25.2.0.192.in-addr.arpa.', kind: 'Native', nameservers: ['ns1.example.org.'] },
  },
  { name: 'GET: zone by =2F id', method: 'GET', path: `${API}/zones/0=2F25.2.0.192.in-addr.arpa.` },
  { name: 'GET: all zones', method: 'GET', path: `${API}/zones` },
  { name: 'DELETE: a zone', method: 'DELETE', path: `${API}/zones/prim.org.` },
  { name: 'DELETE: the zone again', method: 'DELETE', path: `${API}/zones/prim.org.` },
  { name: 'GET: unknown path', method: 'GET', path: `${API}/nonexistent` },
];

function patchError(name: string, rrset: unknown): Step {
  return { name, method: 'PATCH', path: `${API}/zones/example.org.`, body: { rrsets: [rrset] } };
}

function dropVersion(json: unknown): unknown {
  const strip = (o: Record<string, unknown>) => ({ ...o, version: '<version>' });
  return Array.isArray(json)
    ? json.map((o) => strip(o as Record<string, unknown>))
    : strip(json as Record<string, unknown>);
}

function exportLines(json: unknown): unknown {
  const zone = (json as { zone: string }).zone;
  return { zone: zone.split('\n').filter(Boolean).sort() };
}

function secret(json: unknown): unknown {
  return { ...(json as Record<string, unknown>), key: '<generated>' };
}

function statisticNames(json: unknown): unknown {
  return (json as { name: string }[]).map((s) => s.name).sort();
}

function statisticValues(json: unknown): unknown {
  return (json as Record<string, unknown>[]).map((s) => ({ ...s, value: '<value>' }));
}

const SERIAL_KEYS = new Set(['serial', 'edited_serial', 'notified_serial']);
const SOA_TEXT = /^(\S+\.? \S+\.? )\d+( \d+ \d+ \d+ \d+)$/;

/** Keys sorted, arrays order-free, serials (fields and inside SOA content) replaced. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v))
    return v.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, SERIAL_KEYS.has(k) && typeof x === 'number' ? '<serial>' : canonical(x)]),
    );
  }
  if (typeof v === 'string' && SOA_TEXT.test(v)) return v.replace(SOA_TEXT, '$1<serial>$2');
  return v;
}

interface Observed {
  status: number;
  type: string;
  body: unknown;
}

function observe(r: HttpResult, step: Step): Observed {
  const type = (r.headers.get('content-type') ?? '').replace(/\s+/g, '').toLowerCase();
  let body: unknown;
  if (r.json !== undefined && type.startsWith('application/json'))
    body = canonical(step.normalise ? step.normalise(r.json) : r.json);
  else if (type.startsWith('text/plain')) {
    // Zone exports: one record a line, order not significant, serials replaced.
    body = r.text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/(\tSOA\t\S+ \S+ )\d+/, '$1<serial>'))
      .sort();
  } else body = r.text;
  return { status: r.status, type: r.status === 204 ? '' : type, body };
}

const test = anyTest as TestFn<{
  pdns: ManagedProcess;
  pdnsUrl: string;
  nats: NatsServer;
  shoal: StartedAdmin;
}>;

test.before(async (t) => {
  const { pdns, pdnsUrl } = await startPdnsApiServer('pdns-api');
  const nats = await NatsServer.start();
  const shoal = await startAdmin(nats.url);
  t.context = { pdns, pdnsUrl, nats, shoal };
});

test.after.always(async (t) => {
  await t.context.pdns?.stop();
  await t.context.shoal?.admin.dispose();
  await t.context.nats?.dispose();
});

test.serial(
  'the same requests get the same answers from PowerDNS 4.7 and Shoal, but for the listed differences',
  async (t) => {
    const { pdnsUrl, shoal } = t.context;
    const found: string[] = [];
    for (const step of STEPS) {
      const options = { body: step.body, key: step.key, accept: step.accept };
      const theirs = observe(await http(pdnsUrl, step.method, step.path, options), step);
      const ours = observe(await http(shoal.pdnsUrl, step.method, step.path, options), step);
      if (JSON.stringify(theirs) === JSON.stringify(ours)) continue;
      found.push(step.name);
      const listed = DIFFERENCES.some((d) => d.step === step.name);
      if (!listed) {
        t.log(`${step.name}\n  PowerDNS: ${JSON.stringify(theirs)}\n  Shoal:    ${JSON.stringify(ours)}`);
      }
    }
    const unlisted = found.filter((name) => !DIFFERENCES.some((d) => d.step === name));
    const gone = DIFFERENCES.filter((d) => !found.includes(d.step)).map((d) => d.step);
    t.deepEqual(unlisted, [], 'differences that are not in DIFFERENCES');
    t.deepEqual(gone, [], 'listed differences that no longer occur (remove them from DIFFERENCES)');
    t.true(
      STEPS.length - found.length >= 70,
      `${STEPS.length - found.length} of ${STEPS.length} requests answered the same`,
    );
  },
);

test.serial('where error texts differ, the part PowerDNS clients match on is the same', async (t) => {
  const { pdnsUrl, shoal } = t.context;
  for (const name of ['PATCH: invalid IPv4 address', 'PATCH: relative name in MX content']) {
    const step = STEPS.find((s) => s.name === name)!;
    const [theirs, ours] = await Promise.all(
      [pdnsUrl, shoal.pdnsUrl].map((u) => http(u, step.method, step.path, { body: step.body })),
    );
    t.is(theirs.status, 422);
    t.is(ours.status, 422);
    const prefix = (r: HttpResult) =>
      (r.json as { error: string }).error.replace(/^(Record \S+ '[^']*': ).*$/, '$1');
    t.is(prefix(ours), prefix(theirs));
  }
});
