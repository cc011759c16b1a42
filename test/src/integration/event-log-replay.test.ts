/**
 * Recorded event logs from earlier releases are replayed through today's projection. The log
 * in test/fixtures/events/v1-history.bin was written by the first v1 release (zones created,
 * changed, re-settled, deleted; escaped and mixed-case names; unknown types); today's code must
 * read every event and build the same zone contents and the same store, byte for byte. A
 * deliberate change of the store layout updates the digest here together with a migration.
 */
import { readFileSync, rmSync } from 'node:fs';
import { recordToText } from '@shoal/dns-wire';
import { decodeEvent } from '@shoal/events';
import { ZoneStore } from '@shoal/projection';
import test from 'ava';
import { REPO_ROOT, tempDir } from '../harness/index.js';

const fixture = (name: string) => `${REPO_ROOT}test/fixtures/events/${name}`;

function readLog(path: string): Uint8Array[] {
  const buf = readFileSync(path);
  const events: Uint8Array[] = [];
  for (let p = 0; p < buf.length; ) {
    const length = buf.readUInt32BE(p);
    events.push(new Uint8Array(buf.subarray(p + 4, p + 4 + length)));
    p += 4 + length;
  }
  return events;
}

test('the v1 event log replays to the recorded state', async (t) => {
  const expected = JSON.parse(readFileSync(fixture('v1-history.expected.json'), 'utf8'));
  const log = readLog(fixture('v1-history.bin'));
  t.is(log.length, 6);
  for (const [i, e] of log.entries()) t.truthy(decodeEvent(e, i + 1).body, `event ${i + 1} decodes`);
  const dir = tempDir('replay');
  const store = await ZoneStore.open(dir);
  try {
    await store.apply(log.map((data, i) => ({ sequence: i + 1, data, timestampMs: 1763800000000 + i })));
    t.is(store.appliedSequence, expected.applied);
    t.deepEqual(
      store.listZones().map((z) => z.name),
      expected.zones,
    );
    const zone = store.zone('legacy.example.')!;
    t.is(zone.serial, expected.serial);
    t.deepEqual(zone.settings.transferAcl, ['192.0.2.0/24']);
    const records: string[] = [];
    for await (const set of store.rrsets(zone)) {
      for (const rdata of set.rdatas)
        records.push(recordToText({ name: set.owner, type: set.type, class: 1, ttl: set.ttl, rdata }));
    }
    t.deepEqual(records, expected.records);
    t.is(await store.digest(), expected.digest);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
