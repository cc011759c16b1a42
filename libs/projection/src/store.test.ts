import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Name, RRClass, RRType, rdataFromText, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import { type ChangeSet, type Record as EventRecord, encodeEvent } from '@shoal/events';
import anyTest, { type TestFn } from 'ava';
import { ZoneStore } from './store.js';

const ORIGIN = Name.parse('batch.test.');
const HOSTS = 2500;

const test = anyTest as TestFn<{ dir: string; store: ZoneStore; soa: Uint8Array; sequence: number }>;

function record(owner: Name, type: number, ttl: number, rdata: Uint8Array): EventRecord {
  return { owner: owner.toWire(), type, class: RRClass.IN, ttl, rdata };
}

const host = (i: number) => Name.parse(`h${String(i).padStart(5, '0')}.batch.test.`);

/** A real LevelDB store holding one zone: SOA, NS and HOSTS A RRsets. */
test.beforeEach(async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-store-'));
  const store = await ZoneStore.open(dir);
  const soa = rdataFromText(
    RRType.SOA,
    'ns1.batch.test. hostmaster.batch.test. 1 3600 600 604800 300',
    ORIGIN,
  );
  const records = [
    record(ORIGIN, RRType.SOA, 3600, soa),
    record(ORIGIN, RRType.NS, 3600, rdataFromText(RRType.NS, 'ns1.batch.test.', ORIGIN)),
  ];
  for (let i = 0; i < HOSTS; i++)
    records.push(record(host(i), RRType.A, 300, Uint8Array.of(10, 0, i >> 8, i & 255)));
  await store.apply([
    {
      sequence: 1,
      data: encodeEvent({ zone: 'batch.test.', body: { $case: 'zoneCreated', zoneCreated: { records } } }),
    },
  ]);
  t.context = { dir, store, soa, sequence: 1 };
});

test.afterEach.always(async (t) => {
  await t.context.store.close();
  rmSync(t.context.dir, { recursive: true, force: true });
});

const describe = (s: { owner: Name; type: number; ttl: number; rdatas: Uint8Array[] }) =>
  `${s.owner} ${s.type} ${s.ttl} ${s.rdatas.map((r) => Buffer.from(r).toString('hex')).join(',')}`;

test('rrsetBatches reads the zone in bounded batches, the same RRsets in the same order as rrsets()', async (t) => {
  const { store } = t.context;
  const meta = store.zone('batch.test.')!;
  const one: string[] = [];
  for await (const set of store.rrsets(meta)) one.push(describe(set));
  t.is(one.length, HOSTS + 2);

  const sizes: number[] = [];
  const batched: string[] = [];
  for await (const batch of store.rrsetBatches(meta, { size: 1000 })) {
    sizes.push(batch.length);
    for (const set of batch) batched.push(describe(set));
  }
  t.deepEqual(batched, one);
  t.deepEqual(sizes, [1000, 1000, HOSTS + 2 - 2000], 'size RRsets a batch, the rest last');

  // The defaults read many RRsets per LevelDB call, not one at a time.
  const defaults: number[] = [];
  for await (const batch of store.rrsetBatches(meta)) defaults.push(batch.length);
  t.true(defaults.length >= 2 && defaults.length <= 5, `batches ${defaults.join(' ')}`);
  t.true(Math.max(...defaults) >= 1000);

  // The octets bound holds a batch below `size` when its RRsets are large enough.
  const small: number[] = [];
  for await (const batch of store.rrsetBatches(meta, { size: 1000, bytes: 4096 })) small.push(batch.length);
  t.true(small.length > 10, `batches ${small.length}`);
  t.true(Math.max(...small) < 200);
  t.is(
    small.reduce((a, b) => a + b, 0),
    HOSTS + 2,
  );
});

test('one rrsetBatches iteration is one version of the zone while changes are applied', async (t) => {
  const { store, soa } = t.context;
  const meta = store.zone('batch.test.')!;
  const iterator = store.rrsetBatches(meta, { size: 500 })[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return t.fail('no first batch');
  // A change after the first read: an RRset near the end removed, one after it added, the SOA moved.
  const changeSet: ChangeSet = {
    fromSerial: soaSerial(soa),
    toSerial: soaSerial(soa) + 1,
    removed: [
      record(ORIGIN, RRType.SOA, 3600, soa),
      record(host(HOSTS - 1), RRType.A, 300, Uint8Array.of(10, 0, (HOSTS - 1) >> 8, (HOSTS - 1) & 255)),
    ],
    added: [
      record(ORIGIN, RRType.SOA, 3600, withSoaSerial(soa, soaSerial(soa) + 1)),
      record(Name.parse('zzz.batch.test.'), RRType.A, 300, Uint8Array.of(10, 9, 9, 9)),
    ],
  };
  await store.apply([
    { sequence: 2, data: encodeEvent({ zone: 'batch.test.', body: { $case: 'changeSet', changeSet } }) },
  ]);
  const owners = first.value.map((s) => s.owner.toString());
  for (let next = await iterator.next(); !next.done; next = await iterator.next())
    owners.push(...next.value.map((s) => s.owner.toString()));
  t.is(owners.length, HOSTS + 2);
  t.true(owners.includes(host(HOSTS - 1).toString()), 'the removed RRset is still in this iteration');
  t.false(owners.includes('zzz.batch.test.'), 'the added one is not');
  // A new iteration sees the new version.
  const after: string[] = [];
  for await (const batch of store.rrsetBatches(meta)) after.push(...batch.map((s) => s.owner.toString()));
  t.true(after.includes('zzz.batch.test.'));
  t.false(after.includes(host(HOSTS - 1).toString()));
});
