import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Name, parseZoneText, type ResourceRecord, RRClass, RRType, soaSerial } from '@shoal/dns-wire';
import { ConcurrencyConflictError } from '@shoal/event-store';
import { type ChangeSet, encodeEvent, ZoneKind, ZoneSettings } from '@shoal/events';
import { ZoneStore } from '@shoal/projection';
import { MemoryKeyring } from '@shoal/tsig';
import {
  type Endpoint,
  type PullOptions,
  type PullResult,
  toEventRecord,
  zoneExpiredAt,
} from '@shoal/zone-transfer';
import anyTest, { type TestFn } from 'ava';
import { pino } from 'pino';
import { type SecondaryDeps, SecondaryZone } from './secondary-zone.js';
import type { RefreshRecord } from './shared-state.js';

const ORIGIN = Name.parse('sec.test.');
const log = pino({ level: 'silent' });

interface Primary {
  records: ResourceRecord[];
  up: boolean;
  changes: ChangeSet[];
  pulls: string[];
}

const test = anyTest as TestFn<{ store: ZoneStore; dir: string; seq: number }>;

test.beforeEach(async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-bridge-test-'));
  const store = await ZoneStore.open(dir);
  const settings = ZoneSettings.fromPartial({
    kind: ZoneKind.ZONE_KIND_SECONDARY,
    primaries: ['192.0.2.1:53'],
  });
  const placeholder = parseZoneText(
    '@ 3600 IN SOA ns1.sec.test. hostmaster.sec.test. 1 10800 3600 604800 3600\n@ 3600 IN NS ns1.sec.test.',
    {
      origin: ORIGIN,
    },
  );
  await store.apply([
    {
      sequence: 1,
      data: encodeEvent({
        zone: 'sec.test.',
        body: { $case: 'zoneCreated', zoneCreated: { settings, records: placeholder.map(toEventRecord) } },
      }),
    },
  ]);
  t.context = { store, dir, seq: 1 };
});

test.afterEach.always(async (t) => {
  await t.context.store.close();
  rmSync(t.context.dir, { recursive: true, force: true });
});

function zone(serial: number, extra: string[], timers = '10800 3600 604800 3600'): ResourceRecord[] {
  return parseZoneText(
    [
      `@ 3600 IN SOA ns1.sec.test. hostmaster.sec.test. ${serial} ${timers}`,
      '@ 3600 IN NS ns1.sec.test.',
      ...extra,
    ].join('\n'),
    {
      origin: ORIGIN,
      defaultTtl: 300,
    },
  );
}

function deps(
  t: { context: { store: ZoneStore; seq: number } },
  primary: Primary,
  extra: Partial<SecondaryDeps> = {},
) {
  const shared = new Map<string, RefreshRecord>();
  const published: ChangeSet[] = [];
  const { store } = t.context;
  const append = async (body: Parameters<typeof encodeEvent>[0]['body']) => {
    const sequence = ++t.context.seq;
    await store.apply([{ sequence, data: encodeEvent({ zone: 'sec.test.', body }) }]);
    return { sequence, duplicate: false };
  };
  const soaOf = (records: ResourceRecord[]) => records.find((r) => r.type === RRType.SOA)!;
  const d: SecondaryDeps = {
    store,
    keyring: new MemoryKeyring(),
    log,
    querySoa: async () => {
      if (!primary.up) throw new Error('primary down');
      return soaOf(primary.records);
    },
    pullZone: async (_s: Endpoint, o: PullOptions): Promise<PullResult> => {
      primary.pulls.push('axfr');
      const soa = soaOf(primary.records);
      return {
        kind: 'full',
        serial: soaSerial(soa.rdata),
        soa,
        records: primary.records,
        messages: 1,
        bytes: 0,
        via: o.currentSoa ? 'ixfr' : 'axfr',
      };
    },
    pullIncremental: async (_s: Endpoint, o: PullOptions): Promise<PullResult> => {
      primary.pulls.push('ixfr');
      const soa = soaOf(primary.records);
      const from = soaSerial(o.currentSoa!.rdata);
      const changes = primary.changes.filter((c) => c.fromSerial >= from);
      return {
        kind: 'incremental',
        serial: soaSerial(soa.rdata),
        soa,
        changes,
        messages: 1,
        bytes: 0,
        via: 'ixfr',
      };
    },
    publishChange: async (_meta, change) => {
      published.push(change);
      return append({ $case: 'changeSet', changeSet: change });
    },
    publishSettings: async (_meta, settings) =>
      append({ $case: 'zoneSettingsChanged', zoneSettingsChanged: { settings } }),
    catchUp: async () => {},
    getShared: async (z) => shared.get(z),
    putShared: async (z, r) => void shared.set(z, { ...r, bridge: 'test' }),
    bounds: { minMs: 1, maxMs: 10_000 },
    timeoutMs: 100,
    ...extra,
  };
  return { deps: d, published, shared };
}

test('the first pull is an AXFR diffed into one ChangeSet, later ones IXFR; a current zone publishes nothing', async (t) => {
  const primary: Primary = { records: zone(100, ['www IN A 192.0.2.1']), up: true, changes: [], pulls: [] };
  const { deps: d, published } = deps(t, primary);
  const sz = new SecondaryZone('sec.test.', d);
  const first = await sz.trigger();
  t.like(first, { ok: true, published: 1, via: 'axfr', remoteSerial: 100 });
  t.is(published[0].fromSerial, 1);
  t.is(published[0].toSerial, 100);
  t.is(t.context.store.zone('sec.test.')!.serial, 100);
  t.truthy(
    t.context.store.getRRset(t.context.store.zone('sec.test.')!, Name.parse('www.sec.test.'), RRType.A),
  );

  const next = zone(101, ['www IN A 192.0.2.2']);
  primary.changes.push({
    fromSerial: 100,
    toSerial: 101,
    removed: [
      toEventRecord(zone(100, [])[0]),
      toEventRecord(primary.records.find((r) => r.type === RRType.A)!),
    ],
    added: [toEventRecord(next[0]), toEventRecord(next.find((r) => r.type === RRType.A)!)],
  });
  primary.records = next;
  t.like(await sz.trigger(), { ok: true, published: 1, via: 'ixfr' });
  const www = t.context.store.getRRset(
    t.context.store.zone('sec.test.')!,
    Name.parse('www.sec.test.'),
    RRType.A,
  )!;
  t.deepEqual([...www.rdatas[0]], [192, 0, 2, 2]);
  t.like(await sz.trigger(), { ok: true, published: 0, via: 'none' });
  t.deepEqual(primary.pulls, ['axfr', 'ixfr']);
  sz.stop();
});

test('a conflicting writer makes it re-read and retry; after EXPIRE without a primary the zone is marked expired, then cleared', async (t) => {
  let now = 1_000_000;
  const primary: Primary = { records: zone(5, [], '10 5 60 60'), up: true, changes: [], pulls: [] };
  let conflicts = 1;
  const base = deps(t, primary);
  const { deps: d } = deps(t, primary, {
    now: () => now,
    publishChange: async (meta, change, o) => {
      if (conflicts-- > 0) throw new ConcurrencyConflictError('dns.zone.sec_test', meta.lastSequence);
      return base.deps.publishChange(meta, change, o);
    },
  });
  const sz = new SecondaryZone('sec.test.', d);
  t.like(await sz.trigger(), { ok: true, published: 1 });
  primary.up = false;
  now += 30_000;
  t.like(await sz.trigger(), { ok: false });
  t.is(zoneExpiredAt(t.context.store.zone('sec.test.')!.settings), undefined, 'not yet: EXPIRE is 60 s');
  now += 31_000;
  await sz.trigger();
  t.truthy(zoneExpiredAt(t.context.store.zone('sec.test.')!.settings), 'expired');
  primary.up = true;
  t.like(await sz.trigger(), { ok: true });
  t.is(zoneExpiredAt(t.context.store.zone('sec.test.')!.settings), undefined, 'served again');
  sz.stop();
});

test('the refresh record shared by bridges postpones expiry', async (t) => {
  let now = 5_000_000;
  const primary: Primary = { records: zone(5, [], '10 5 60 60'), up: true, changes: [], pulls: [] };
  const { deps: d, shared } = deps(t, primary, { now: () => now });
  const sz = new SecondaryZone('sec.test.', d);
  await sz.trigger();
  primary.up = false;
  now += 61_000;
  // Another bridge reached the primary a moment ago.
  shared.set('sec.test.', {
    zoneId: t.context.store.zone('sec.test.')!.zoneId,
    serial: 5,
    lastSuccessMs: now - 1000,
    bridge: 'other',
  });
  await sz.trigger();
  t.is(zoneExpiredAt(t.context.store.zone('sec.test.')!.settings), undefined);
  t.is(RRClass.IN, 1);
  sz.stop();
});
