/**
 * The admin's gRPC API through real processes: zones, settings, batched RRset changes, every
 * validation rule (refused with INVALID_ARGUMENT and its violations, the stream untouched),
 * history and diff, comments, fleet commands on NATS, statistics, trace propagation, deadlines.
 */
import { BinaryReader } from '@bufbuild/protobuf/wire';
import * as grpc from '@grpc/grpc-js';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ChangeType, SerialPolicy, ZoneKind } from '@shoal/admin-api';
import { Name } from '@shoal/dns-wire';
import { appendEvent } from '@shoal/event-store';
import { decodeEvent, encodeEvent, ZoneSettings, zoneSubject } from '@shoal/events';
import { EXPIRED_METADATA_KIND, withZoneExpiry } from '@shoal/zone-transfer';
import anyTest, { type TestFn } from 'ava';
import { NatsServer, waitFor } from '../harness/index.js';
import {
  http,
  natsConnection,
  Rpc,
  refusedWithoutWrite,
  type StartedAdmin,
  startAdmin,
  streamLastSequence,
  violationsOf,
} from './admin-harness.js';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; rpc: Rpc; nc: NatsConnection }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const started = await startAdmin(nats.url);
  t.context = { nats, started, rpc: new Rpc(started.grpc), nc: await natsConnection(nats.url) };
});

test.after.always(async (t) => {
  t.context.rpc?.close();
  await t.context.nc?.close();
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

const opts = (reason = '') => ({ requestId: '', reason });
const rrset = (name: string, type: string, records: string[], ttl = 300) => ({ name, type, ttl, records });

async function createZone(rpc: Rpc, name: string, extra: Record<string, unknown> = {}) {
  return rpc.call(rpc.zones, rpc.zones.createZone, {
    name,
    nameservers: [`ns1.${name}`],
    rrsets: [],
    options: opts('create'),
    ...extra,
  });
}

async function eventAt(nc: NatsConnection, seq: number) {
  const jsm = await jetstreamManager(nc);
  const m = await jsm.streams.getMessage('DNS', { seq });
  return { event: decodeEvent(m!.data, seq), headers: m!.header };
}

/** google.rpc.Status -> google.rpc.BadRequest field violations, read independently of the server's code. */
function badRequestFields(err: grpc.ServiceError): { field: string; description: string; reason: string }[] {
  const bin = err.metadata.get('grpc-status-details-bin')[0] as Buffer;
  const out: { field: string; description: string; reason: string }[] = [];
  const status = new BinaryReader(bin);
  while (status.pos < status.len) {
    const [f, w] = status.tag();
    if (f !== 3) {
      status.skip(w);
      continue;
    }
    const any = new BinaryReader(status.bytes());
    let type = '';
    let value: Uint8Array = new Uint8Array();
    while (any.pos < any.len) {
      const [af, aw] = any.tag();
      if (af === 1) type = any.string();
      else if (af === 2) value = any.bytes();
      else any.skip(aw);
    }
    if (type !== 'type.googleapis.com/google.rpc.BadRequest') continue;
    const br = new BinaryReader(value);
    while (br.pos < br.len) {
      const [bf, bw] = br.tag();
      if (bf !== 1) {
        br.skip(bw);
        continue;
      }
      const v = new BinaryReader(br.bytes());
      const fv = { field: '', description: '', reason: '' };
      while (v.pos < v.len) {
        const [vf, vw] = v.tag();
        if (vf === 1) fv.field = v.string();
        else if (vf === 2) fv.description = v.string();
        else if (vf === 3) fv.reason = v.string();
        else v.skip(vw);
      }
      out.push(fv);
    }
  }
  return out;
}

test.serial(
  'zones: create with SOA and NS defaults, get, list with paging and a suffix filter, delete',
  async (t) => {
    const { rpc } = t.context;
    const created = await createZone(rpc, 'zones.test');
    t.is(created.serial, 1);
    const zone = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'zones.test', omitRecords: false });
    t.deepEqual(zone.rrsets.map((s) => `${s.name} ${s.type} ${s.records.join(',')}`).sort(), [
      'zones.test. NS ns1.zones.test.',
      'zones.test. SOA ns1.zones.test. hostmaster.zones.test. 1 10800 3600 604800 3600',
    ]);
    for (const n of ['a', 'b', 'c']) await createZone(rpc, `${n}.zones.test`);
    await createZone(rpc, 'p.test', {
      settings: {
        kind: ZoneKind.ZONE_KIND_PRIMARY,
        serialPolicy: SerialPolicy.SERIAL_POLICY_DATE,
        transferAcl: ['192.0.2.0/24'],
        alsoNotify: ['192.0.2.53:5300'],
        tsigKeys: [],
        primaries: [],
        account: 'ops',
        metadata: { 'X-OWNER': { values: ['team-dns'] } },
      },
    });
    const page1 = await rpc.call(rpc.zones, rpc.zones.listZones, {
      pageSize: 2,
      pageToken: '',
      nameSuffix: 'zones.test',
    });
    t.deepEqual(
      page1.zones.map((z) => z.name),
      ['a.zones.test.', 'b.zones.test.'],
    );
    const page2 = await rpc.call(rpc.zones, rpc.zones.listZones, {
      pageSize: 2,
      pageToken: page1.nextPageToken,
      nameSuffix: 'zones.test',
    });
    t.deepEqual(
      page2.zones.map((z) => z.name),
      ['c.zones.test.', 'zones.test.'],
    );
    t.is(page2.nextPageToken, '');
    const p = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'p.test', omitRecords: true });
    t.is(p.settings?.kind, ZoneKind.ZONE_KIND_PRIMARY);
    t.deepEqual(p.settings?.metadata['X-OWNER'].values, ['team-dns']);
    t.regex(String(p.serial), /^20\d{6}01$/, 'date serial policy');
    await rpc.call(rpc.zones, rpc.zones.deleteZone, { name: 'c.zones.test', options: opts() });
    const gone = await t.throwsAsync(
      rpc.call(rpc.zones, rpc.zones.getZone, { name: 'c.zones.test', omitRecords: true }),
    );
    t.is((gone as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  },
);

test.serial(
  'refused zone requests write nothing: duplicate, secondary without primaries, unknown zone',
  async (t) => {
    const { rpc, nc } = t.context;
    const dup = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () => createZone(rpc, 'zones.test'));
    t.is(dup.code, grpc.status.ALREADY_EXISTS);
    const secondary = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      createZone(rpc, 'sec.test', {
        settings: {
          kind: ZoneKind.ZONE_KIND_SECONDARY,
          serialPolicy: 0,
          transferAcl: [],
          alsoNotify: [],
          tsigKeys: [],
          primaries: [],
          account: '',
          metadata: {},
        },
      }),
    );
    t.is(secondary.code, grpc.status.INVALID_ARGUMENT);
    t.deepEqual(
      violationsOf(secondary).map((v) => v.rule),
      ['primaries-required'],
    );
    const unknown = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      rpc.call(rpc.zones, rpc.zones.replaceRRset, {
        zone: 'nowhere.test',
        rrset: rrset('www', 'A', ['192.0.2.1']),
        options: opts(),
      }),
    );
    t.is(unknown.code, grpc.status.NOT_FOUND);
    const badName = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () => createZone(rpc, 'bad..name'));
    t.is(badName.code, grpc.status.INVALID_ARGUMENT);
  },
);

test.serial('PatchRRsets applies several changes as ONE ChangeSet: one event, one serial', async (t) => {
  const { rpc, nc } = t.context;
  await rpc.call(rpc.zones, rpc.zones.replaceRRset, {
    zone: 'zones.test',
    rrset: rrset('old', 'A', ['192.0.2.9']),
    options: opts(),
  });
  const before = await streamLastSequence(nc);
  const r = await rpc.call(rpc.zones, rpc.zones.patchRRsets, {
    zone: 'zones.test',
    changes: [
      {
        changeType: ChangeType.CHANGE_TYPE_REPLACE,
        rrset: rrset('www', 'A', ['192.0.2.1', '192.0.2.2']),
        replaceComments: false,
        keepRecords: false,
        comments: [],
      },
      {
        changeType: ChangeType.CHANGE_TYPE_REPLACE,
        rrset: rrset('@', 'MX', ['10 mail.zones.test.']),
        replaceComments: false,
        keepRecords: false,
        comments: [],
      },
      {
        changeType: ChangeType.CHANGE_TYPE_DELETE,
        rrset: rrset('old', 'A', []),
        replaceComments: false,
        keepRecords: false,
        comments: [],
      },
    ],
    options: opts('batch'),
  });
  t.is(await streamLastSequence(nc), before + 1, 'exactly one event');
  t.is(r.sequence, before + 1);
  const { event } = await eventAt(nc, r.sequence);
  t.is(event.body?.$case, 'changeSet');
  if (event.body?.$case !== 'changeSet') return;
  t.is(event.body.changeSet.toSerial, r.serial);
  t.is(event.body.changeSet.added.length, 1 + 3, 'new SOA + 3 records');
  t.is(event.body.changeSet.removed.length, 1 + 1, 'old SOA + the deleted record');
  t.is(event.provenance?.reason, 'batch');
});

const RULES: [string, Record<string, unknown>[], string][] = [
  ['bad-name', [rrset(`${'x'.repeat(64)}`, 'A', ['192.0.2.1'])], 'bad-name'],
  ['out-of-zone', [rrset('www.elsewhere.test.', 'A', ['192.0.2.1'])], 'out-of-zone'],
  ['bad-type', [rrset('www', 'NOPE', ['x'])], 'bad-type'],
  ['meta type', [rrset('www', 'TSIG', ['x'])], 'bad-type'],
  ['bad-rdata', [rrset('www', 'A', ['192.0.2.256'])], 'bad-rdata'],
  ['ttl-range', [rrset('www', 'A', ['192.0.2.1'], 2 ** 31)], 'ttl-range'],
  ['duplicate-record', [rrset('www', 'A', ['192.0.2.1', '192.0.2.1'])], 'duplicate-record'],
  ['duplicate-change', [rrset('x', 'A', ['192.0.2.1']), rrset('x', 'A', ['192.0.2.2'])], 'duplicate-change'],
  ['cname-beside-data', [rrset('www', 'CNAME', ['other.test.'])], 'cname-beside-data'],
  ['singleton', [rrset('alias', 'CNAME', ['a.test.', 'b.test.'])], 'singleton'],
  ['cname-loop', [rrset('loop', 'CNAME', ['loop.zones.test.'])], 'cname-loop'],
  ['soa-not-at-apex', [rrset('www', 'SOA', ['ns1 hostmaster 1 1 1 1 1'])], 'soa-not-at-apex'],
  ['soa-singleton', [rrset('@', 'SOA', ['ns1 h 1 1 1 1 1', 'ns2 h 1 1 1 1 1'])], 'soa-singleton'],
  ['soa-required', [rrset('@', 'SOA', [])], 'soa-required'],
  ['apex-ns-required', [rrset('@', 'NS', [])], 'apex-ns-required'],
  ['wildcard-ns', [rrset('*.w', 'NS', ['ns.other.test.'])], 'wildcard-ns'],
  [
    'ds-without-ns',
    [rrset('sub', 'DS', ['1 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'])],
    'ds-without-ns',
  ],
  [
    'ds-at-apex',
    [rrset('@', 'DS', ['1 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'])],
    'ds-at-apex',
  ],
  ['dname-loop', [rrset('d', 'DNAME', ['x.d.zones.test.'])], 'dname-loop'],
  ['wildcard-dname', [rrset('*.d', 'DNAME', ['other.test.'])], 'wildcard-dname'],
  ['below-dname', [rrset('d', 'DNAME', ['other.test.']), rrset('x.d', 'A', ['192.0.2.1'])], 'below-dname'],
  ['dname-occludes', [rrset('@', 'DNAME', ['other.test.'])], 'dname-occludes'],
];

for (const [title, rrsets, rule] of RULES) {
  test.serial(
    `rule ${title}: INVALID_ARGUMENT with the violation (metadata and google.rpc.BadRequest), stream untouched`,
    async (t) => {
      const { rpc, nc } = t.context;
      const err = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
        rpc.call(rpc.zones, rpc.zones.patchRRsets, {
          zone: 'zones.test',
          changes: rrsets.map((r) => ({
            changeType: ChangeType.CHANGE_TYPE_REPLACE,
            rrset: r as ReturnType<typeof rrset>,
            replaceComments: false,
            keepRecords: false,
            comments: [],
          })),
          options: opts(),
        }),
      );
      t.is(err.code, grpc.status.INVALID_ARGUMENT);
      t.true(
        violationsOf(err).some((v) => v.rule === rule),
        JSON.stringify(violationsOf(err)),
      );
      const fields = badRequestFields(err);
      t.true(
        fields.some((f) => f.reason === rule && f.field.startsWith('rrsets[')),
        JSON.stringify(fields),
      );
    },
  );
}

test.serial(
  'UpdateZoneSettings: one ZoneSettingsChanged event, only the masked fields, records untouched',
  async (t) => {
    const { rpc, nc } = t.context;
    const before = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'zones.test', omitRecords: false });
    const r = await rpc.call(rpc.zones, rpc.zones.updateZoneSettings, {
      name: 'zones.test',
      settings: {
        kind: ZoneKind.ZONE_KIND_PRIMARY,
        serialPolicy: SerialPolicy.SERIAL_POLICY_EPOCH,
        transferAcl: ['198.51.100.0/24', '2001:db8::/32'],
        alsoNotify: ['198.51.100.53'],
        tsigKeys: ['xfer.key'],
        primaries: [],
        account: 'ignored, not in the mask',
        metadata: { 'X-NOTE': { values: ['a', 'b'] } },
        catalog: '',
      },
      updateMask: ['kind', 'serial_policy', 'transfer_acl', 'also_notify', 'tsig_keys', 'metadata'],
      options: opts('settings'),
    });
    const { event } = await eventAt(nc, r.sequence);
    t.is(event.body?.$case, 'zoneSettingsChanged');
    const after = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'zones.test', omitRecords: false });
    t.is(after.settings?.kind, ZoneKind.ZONE_KIND_PRIMARY);
    t.is(after.settings?.serialPolicy, SerialPolicy.SERIAL_POLICY_EPOCH);
    t.deepEqual(after.settings?.transferAcl, ['198.51.100.0/24', '2001:db8::/32']);
    t.deepEqual(after.settings?.tsigKeys, ['xfer.key.']);
    t.is(after.settings?.account, '');
    t.is(after.serial, before.serial, 'no serial change: no records changed');
    t.deepEqual(after.rrsets, before.rrsets);
    const bad = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      rpc.call(rpc.zones, rpc.zones.updateZoneSettings, {
        name: 'zones.test',
        settings: {
          kind: 0,
          serialPolicy: 0,
          transferAcl: ['nope'],
          alsoNotify: [],
          tsigKeys: [],
          primaries: [],
          account: '',
          metadata: {},
          catalog: '',
        },
        updateMask: ['transfer_acl', 'no_such_field'],
        options: opts(),
      }),
    );
    t.deepEqual(
      violationsOf(bad).map((v) => v.rule),
      ['bad-mask'],
    );
    // Back to increment serials for the tests that follow.
    await rpc.call(rpc.zones, rpc.zones.updateZoneSettings, {
      name: 'zones.test',
      settings: {
        kind: 0,
        serialPolicy: SerialPolicy.SERIAL_POLICY_INCREMENT,
        transferAcl: [],
        alsoNotify: [],
        tsigKeys: [],
        primaries: [],
        account: '',
        metadata: {},
        catalog: '',
      },
      updateMask: ['serial_policy'],
      options: opts(),
    });
  },
);

test.serial(
  "settings updates (gRPC and the PowerDNS API) keep the transfer bridge's expiry mark",
  async (t) => {
    const { rpc, nc, started } = t.context;
    const settings = {
      kind: ZoneKind.ZONE_KIND_SECONDARY,
      serialPolicy: SerialPolicy.SERIAL_POLICY_INCREMENT,
      transferAcl: [],
      alsoNotify: [],
      tsigKeys: [],
      primaries: ['192.0.2.1'],
      account: '',
      metadata: { 'X-OWNER': { values: ['team'] } },
    };
    const created = await createZone(rpc, 'expired.test', { settings });
    // What the transfer bridge appends when no primary answered for the SOA's EXPIRE.
    const expiredAt = Date.now();
    const marked = withZoneExpiry(ZoneSettings.fromPartial(settings as Partial<ZoneSettings>), expiredAt);
    await appendEvent(
      jetstream(nc),
      zoneSubject(Name.parse('expired.test.').labels),
      encodeEvent({
        zone: 'expired.test.',
        provenance: {
          actor: 'bridge:test',
          timeUnixMs: expiredAt,
          reason: 'expired',
          requestId: '',
          traceparent: '',
        },
        body: { $case: 'zoneSettingsChanged', zoneSettingsChanged: { settings: marked } },
      }),
      { expectedLastSubjectSequence: created.sequence },
    );
    const mark = async () => {
      const z = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'expired.test', omitRecords: true });
      return z.settings?.metadata[EXPIRED_METADATA_KIND]?.values;
    };
    const expected = [new Date(expiredAt).toISOString()];
    await waitFor('the admin sees the mark', async () => (await mark())?.length === 1);
    const update = (metadata: Record<string, { values: string[] }>, updateMask: string[]) =>
      rpc.call(rpc.zones, rpc.zones.updateZoneSettings, {
        name: 'expired.test',
        settings: { ...settings, account: 'ops', metadata, catalog: '' },
        updateMask,
        options: opts('settings'),
      });
    // The operator's copy of the metadata never had the mark: replacing it keeps the mark.
    await update({ 'X-OWNER': { values: ['other-team'] } }, ['metadata']);
    t.deepEqual(await mark(), expected, 'metadata mask');
    await update({ 'X-OWNER': { values: ['third-team'] } }, []);
    t.deepEqual(await mark(), expected, 'empty mask: every field');
    const zone = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'expired.test', omitRecords: true });
    t.deepEqual(zone.settings?.metadata['X-OWNER'].values, ['third-team'], 'the update itself applied');
    t.is(zone.settings?.account, 'ops');
    // The PowerDNS API's zone PUT and metadata calls change their own kinds only.
    const base = `${started.pdnsUrl}/api/v1/servers/localhost/zones/expired.test.`;
    t.is((await http(base, 'PUT', '', { body: { account: 'web', masters: ['192.0.2.2'] } })).status, 204);
    t.is((await http(base, 'PUT', '/metadata/X-OWNER', { body: { metadata: ['web-team'] } })).status, 200);
    t.is((await http(base, 'POST', '/metadata', { body: { kind: 'X-NOTE', metadata: ['n'] } })).status, 201);
    t.is((await http(base, 'DELETE', '/metadata/X-NOTE')).status, 200);
    t.deepEqual(await mark(), expected, 'PowerDNS API writes');
    // Naming the kind is deliberate: an empty value list clears it.
    await update({ [EXPIRED_METADATA_KIND]: { values: [] } }, ['metadata']);
    t.is(await mark(), undefined, 'cleared on purpose');
  },
);

test.serial('comments: set with a patch, returned with the zone, dropped with their RRset', async (t) => {
  const { rpc } = t.context;
  await rpc.call(rpc.zones, rpc.zones.patchRRsets, {
    zone: 'zones.test',
    changes: [
      {
        changeType: ChangeType.CHANGE_TYPE_REPLACE,
        rrset: rrset('noted', 'TXT', ['"x"']),
        replaceComments: true,
        keepRecords: false,
        comments: [{ content: 'why this exists', account: 'ops', modifiedAt: 1700000000 }],
      },
    ],
    options: opts(),
  });
  let z = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'zones.test', omitRecords: false });
  t.deepEqual(
    z.comments.map((c) => [c.name, c.type, c.comments.map((x) => [x.content, x.account, x.modifiedAt])]),
    [['noted.zones.test.', 'TXT', [['why this exists', 'ops', 1700000000]]]],
  );
  await rpc.call(rpc.zones, rpc.zones.deleteRRset, {
    zone: 'zones.test',
    name: 'noted',
    type: 'TXT',
    options: opts(),
  });
  z = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'zones.test', omitRecords: false });
  t.deepEqual(z.comments, []);
});

test.serial('history with who/when/why, and the diff between two serials', async (t) => {
  const { rpc } = t.context;
  await createZone(rpc, 'hist.test');
  await rpc.call(rpc.zones, rpc.zones.replaceRRset, {
    zone: 'hist.test',
    rrset: rrset('a', 'A', ['192.0.2.1']),
    options: opts('first'),
  });
  await rpc.call(rpc.zones, rpc.zones.replaceRRset, {
    zone: 'hist.test',
    rrset: rrset('a', 'A', ['192.0.2.2']),
    options: opts('second'),
  });
  await rpc.call(rpc.zones, rpc.zones.replaceRRset, {
    zone: 'hist.test',
    rrset: rrset('b', 'A', ['192.0.2.3']),
    options: opts('third'),
  });
  const h = await rpc.call(rpc.zones, rpc.zones.listChanges, {
    name: 'hist.test',
    pageSize: 2,
    pageToken: '',
    includeRecords: true,
  });
  t.deepEqual(
    h.changes.map((c) => [c.fromSerial, c.toSerial, c.reason, c.actor]),
    [
      [3, 4, 'third', 'env-admin'],
      [2, 3, 'second', 'env-admin'],
    ],
  );
  t.true(h.changes[0].timeUnixMs > Date.now() - 60_000);
  t.true(h.changes[0].added.some((r) => r.startsWith('b.hist.test.')));
  const older = await rpc.call(rpc.zones, rpc.zones.listChanges, {
    name: 'hist.test',
    pageSize: 2,
    pageToken: h.nextPageToken,
    includeRecords: false,
  });
  t.deepEqual(
    older.changes.map((c) => c.reason),
    ['first'],
  );
  const d = await rpc.call(rpc.zones, rpc.zones.diffZone, { name: 'hist.test', fromSerial: 1, toSerial: 0 });
  t.is(d.changeCount, 3);
  const body = (list: string[]) =>
    list.filter((r) => !r.includes('\tSOA\t')).map((r) => r.replace(/\t+/g, ' '));
  t.deepEqual(body(d.removed), [], 'a.hist.test 192.0.2.1 came and went: it cancels out');
  t.deepEqual(body(d.added).sort(), ['a.hist.test. 300 IN A 192.0.2.2', 'b.hist.test. 300 IN A 192.0.2.3']);
  const back = await rpc.call(rpc.zones, rpc.zones.diffZone, {
    name: 'hist.test',
    fromSerial: 4,
    toSerial: 2,
  });
  t.deepEqual(body(back.removed).sort(), [
    'a.hist.test. 300 IN A 192.0.2.2',
    'b.hist.test. 300 IN A 192.0.2.3',
  ]);
  t.deepEqual(body(back.added), ['a.hist.test. 300 IN A 192.0.2.1']);
  const missing = await t.throwsAsync(
    rpc.call(rpc.zones, rpc.zones.diffZone, { name: 'hist.test', fromSerial: 77, toSerial: 0 }),
  );
  t.is((missing as grpc.ServiceError).code, grpc.status.OUT_OF_RANGE);
});

test.serial('NOTIFY and cache purge are published fleet-wide on dns.control.*', async (t) => {
  const { rpc, nc } = t.context;
  const seen: { subject: string; body: unknown; traceparent?: string }[] = [];
  const sub = nc.subscribe('dns.control.>', {
    callback: (_e, m) => {
      seen.push({ subject: m.subject, body: m.json(), traceparent: m.headers?.get('traceparent') });
    },
  });
  await nc.flush();
  const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const n = await rpc.call(
    rpc.fleet,
    rpc.fleet.notifyZone,
    { zone: 'zones.test' },
    { metadata: { traceparent: tp } },
  );
  await rpc.call(rpc.fleet, rpc.fleet.purgeCache, { zone: 'zones.test', name: 'www' });
  await rpc.call(rpc.fleet, rpc.fleet.purgeCache, { zone: 'zones.test', name: '' });
  await new Promise((r) => setTimeout(r, 200));
  sub.unsubscribe();
  t.true(n.serial > 0);
  t.deepEqual(
    seen.map((s) => [s.subject, s.body]),
    [
      ['dns.control.notify', { zone: 'zones.test.' }],
      ['dns.control.purge', { zone: 'zones.test.', name: 'www.zones.test.' }],
      ['dns.control.purge', { zone: 'zones.test.' }],
    ],
  );
  t.is(seen[0].traceparent?.split('-')[1], '0af7651916cd43dd8448eb211c80319c');
  const missing = await t.throwsAsync(rpc.call(rpc.fleet, rpc.fleet.notifyZone, { zone: 'nowhere.test' }));
  t.is((missing as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  const outside = await t.throwsAsync(
    rpc.call(rpc.fleet, rpc.fleet.purgeCache, { zone: 'zones.test', name: 'www.other.test.' }),
  );
  t.is((outside as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
});

test.serial('statistics: all, by name, unknown names refused', async (t) => {
  const { rpc } = t.context;
  const all = await rpc.call(rpc.fleet, rpc.fleet.getStatistics, { names: [] });
  const names = all.statistics.map((s) => s.name);
  for (const n of [
    'uptime',
    'zones',
    'records',
    'change-sets',
    'records-added',
    'fleet-qps',
    'nodes-live',
    'validation-failures',
  ]) {
    t.true(names.includes(n), n);
  }
  const some = await rpc.call(rpc.fleet, rpc.fleet.getStatistics, { names: ['zones', 'change-sets'] });
  t.deepEqual(
    some.statistics.map((s) => s.name),
    ['zones', 'change-sets'],
  );
  t.true(some.statistics[0].value >= 5);
  t.true(some.statistics[1].value >= 5);
  const bad = await t.throwsAsync(rpc.call(rpc.fleet, rpc.fleet.getStatistics, { names: ['nope'] }));
  t.is((bad as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
});

test.serial(
  'the W3C traceparent of a call reaches the event: provenance and the traceparent NATS header',
  async (t) => {
    const { rpc, nc } = t.context;
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const r = await rpc.call(
      rpc.zones,
      rpc.zones.replaceRRset,
      {
        zone: 'zones.test',
        rrset: rrset('traced', 'A', ['192.0.2.7']),
        options: { requestId: 'traced-1', reason: 'trace' },
      },
      { metadata: { traceparent: tp } },
    );
    const { event, headers } = await eventAt(nc, r.sequence);
    t.is(event.provenance?.traceparent.split('-')[1], '4bf92f3577b34da6a3ce929d0e0e4736');
    t.is(headers?.get('traceparent')?.split('-')[1], '4bf92f3577b34da6a3ce929d0e0e4736');
    t.is(headers?.get('Nats-Msg-Id'), 'traced-1');
    const plain = await rpc.call(rpc.zones, rpc.zones.replaceRRset, {
      zone: 'zones.test',
      rrset: rrset('untraced', 'A', ['192.0.2.8']),
      options: opts(),
    });
    t.is((await eventAt(nc, plain.sequence)).event.provenance?.traceparent, '');
  },
);

test.serial('deadlines are honoured: WaitForSync answers within the client deadline', async (t) => {
  const { rpc } = t.context;
  const started = Date.now();
  // No node will ever report this sequence; the server answers "not in sync" before the
  // client's deadline instead of waiting the requested minute.
  const early = await rpc.call(
    rpc.fleet,
    rpc.fleet.waitForSync,
    { sequence: 10_000_000, timeoutMs: 60_000, nodeIds: [], region: '' },
    { timeoutMs: 700 },
  );
  t.false(early.inSync);
  t.true(early.waitedMs < 700);
  t.true(Date.now() - started < 3000);
  const r = await rpc.call(rpc.fleet, rpc.fleet.waitForSync, {
    sequence: 10_000_000,
    timeoutMs: 300,
    nodeIds: [],
    region: '',
  });
  t.false(r.inSync);
});

test.serial('an unauthenticated call is refused', async (t) => {
  const anonymous = new Rpc(t.context.started.grpc, null);
  const err = await refusedWithoutWrite<grpc.ServiceError>(t, t.context.nc, () =>
    createZone(anonymous, 'anon.test'),
  );
  t.is(err.code, grpc.status.UNAUTHENTICATED);
  const wrong = new Rpc(t.context.started.grpc, 'not-a-valid-token-at-all');
  t.is(
    (
      (await t.throwsAsync(
        wrong.call(wrong.zones, wrong.zones.listZones, { pageSize: 0, pageToken: '', nameSuffix: '' }),
      )) as grpc.ServiceError
    ).code,
    grpc.status.UNAUTHENTICATED,
  );
  anonymous.close();
  wrong.close();
});
