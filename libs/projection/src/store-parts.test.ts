/**
 * Events larger than one NATS message arrive as EventParts (events.proto): the store stages
 * them with the applied position and applies the whole event when its last part arrives.
 * Real LevelDB directories; a store is compared with one that got the same event whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Name, RRClass, RRType, rdataFromText } from '@shoal/dns-wire';
import { type Event, type Record as EventRecord, encodeEvent, encodeEventParts } from '@shoal/events';
import test from 'ava';
import { type EventInput, ZoneStore } from './store.js';

const dirs: string[] = [];
test.after.always(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function openStore(dir?: string): Promise<{ store: ZoneStore; dir: string }> {
  const where = dir ?? mkdtempSync(join(tmpdir(), 'shoal-parts-'));
  if (!dir) dirs.push(where);
  return { store: await ZoneStore.open(where), dir: where };
}

function record(owner: Name, type: number, ttl: number, rdata: Uint8Array): EventRecord {
  return { owner: owner.toWire(), type, class: RRClass.IN, ttl, rdata };
}

function created(zone: string): Omit<Event, 'schemaVersion'> {
  const origin = Name.parse(zone);
  const soa = rdataFromText(RRType.SOA, `ns1.${zone} h.${zone} 1 3600 600 604800 300`, origin);
  return {
    zone,
    body: {
      $case: 'zoneCreated',
      zoneCreated: {
        records: [
          record(origin, RRType.SOA, 3600, soa),
          record(origin, RRType.NS, 3600, rdataFromText(RRType.NS, `ns1.${zone}`, origin)),
        ],
      },
    },
  } as Omit<Event, 'schemaVersion'>;
}

/** A ChangeSet adding `hosts` TXT RRsets: about 70 octets each. */
function bigChange(zone: string, hosts: number, serial = 2): Omit<Event, 'schemaVersion'> {
  const origin = Name.parse(zone);
  const soa = (s: number) =>
    rdataFromText(RRType.SOA, `ns1.${zone} h.${zone} ${s} 3600 600 604800 300`, origin);
  const added = [record(origin, RRType.SOA, 3600, soa(serial))];
  for (let i = 0; i < hosts; i++) {
    const owner = Name.parse(`host${i}.${zone}`);
    added.push(record(owner, RRType.TXT, 300, rdataFromText(RRType.TXT, `"text of host ${i}"`, owner)));
  }
  return {
    zone,
    provenance: { actor: 'test', timeUnixMs: 5, reason: 'big', requestId: '', traceparent: '' },
    body: {
      $case: 'changeSet',
      changeSet: {
        fromSerial: serial - 1,
        toSerial: serial,
        removed: [record(origin, RRType.SOA, 3600, soa(serial - 1))],
        added,
      },
    },
  } as Omit<Event, 'schemaVersion'>;
}

const LIMIT = 64 * 1024;

function inputs(messages: Uint8Array[], first: number): EventInput[] {
  return messages.map((data, i) => ({ sequence: first + i, data, timestampMs: 1000 }));
}

test('parts applied in one batch give the store the whole event gives', async (t) => {
  const change = bigChange('big.test.', 5000);
  const parts = encodeEventParts(change, LIMIT, 'tx');
  t.true(parts.length >= 4, `${parts.length} parts`);
  const a = await openStore();
  await a.store.apply(inputs([encodeEvent(created('big.test.'))], 1));
  await a.store.apply(inputs(parts, 2));
  const last = 1 + parts.length;
  t.is(a.store.appliedSequence, last);
  t.is(a.store.zone('big.test.')?.serial, 2);
  t.is(a.store.zone('big.test.')?.lastSequence, last);
  t.is(a.store.lastSequenceOf('big.test.'), last);

  const b = await openStore();
  await b.store.apply([{ sequence: 1, data: encodeEvent(created('big.test.')), timestampMs: 1000 }]);
  await b.store.apply([{ sequence: last, data: encodeEvent(change), timestampMs: 1000 }]);
  t.is(await a.store.digest(), await b.store.digest());
  // The journal keeps the ChangeSet under the last part's sequence (IXFR serves it as one).
  const journal = [];
  for await (const e of a.store.journal(a.store.zone('big.test.')!)) journal.push(e.sequence);
  t.deepEqual(journal, [last]);
  await a.store.close();
  await b.store.close();
});

test('parts survive a restart between them, with other zones in between', async (t) => {
  const change = bigChange('big.test.', 5000);
  const parts = encodeEventParts(change, LIMIT, 'tx');
  let { store, dir } = await openStore();
  await store.apply(inputs([encodeEvent(created('big.test.')), encodeEvent(created('other.test.'))], 1));
  let sequence = 3;
  for (const [i, part] of parts.entries()) {
    await store.apply([{ sequence: sequence++, data: part, timestampMs: 1000 }]);
    if (i < parts.length - 1) {
      t.is(store.zone('big.test.')?.serial, 1, 'nothing of the event shows before its last part');
      await store.apply([
        { sequence: sequence++, data: encodeEvent(bigChange('other.test.', 1, i + 2)), timestampMs: 1000 },
      ]);
    }
    await store.close();
    ({ store } = await openStore(dir));
  }
  t.is(store.zone('big.test.')?.serial, 2);
  t.is(store.zone('big.test.')?.recordCount, 5002);
  t.is(store.zone('other.test.')?.serial, parts.length);
  await store.close();
});

test('parts abandoned by their writer are dropped by the next event on the subject', async (t) => {
  const parts = encodeEventParts(bigChange('big.test.', 5000), LIMIT, 'lost');
  const { store } = await openStore();
  await store.apply(inputs([encodeEvent(created('big.test.'))], 1));
  await store.apply(inputs(parts.slice(0, 2), 2));
  // The next writer must expect the subject's real last sequence: the abandoned part's.
  t.is(store.lastSequenceOf('big.test.'), 3);
  t.is(store.zone('big.test.')?.serial, 1);
  // A retry with a new transaction: its parts replace the abandoned ones.
  const retry = encodeEventParts(bigChange('big.test.', 5000), LIMIT, 'retry');
  await store.apply(inputs(retry, 4));
  t.is(store.zone('big.test.')?.serial, 2);
  t.is(store.zone('big.test.')?.recordCount, 5002);

  // Parts of another transaction cut short, then a plain event: applied, nothing staged left.
  const cut = encodeEventParts(bigChange('big.test.', 5000, 3), LIMIT, 'cut');
  let sequence = 4 + retry.length;
  await store.apply(inputs(cut.slice(0, 1), sequence++));
  await store.apply(inputs([encodeEvent(bigChange('big.test.', 1, 3))], sequence));
  t.is(store.zone('big.test.')?.serial, 3);
  t.is(store.lastSequenceOf('big.test.'), sequence);
  // A stray last part of the cut transaction (a late duplicate) applies nothing.
  await store.apply(inputs(cut.slice(-1), sequence + 1));
  t.is(store.zone('big.test.')?.serial, 3);
  t.is(store.lastSequenceOf('big.test.'), sequence + 1);
  await store.close();
});
