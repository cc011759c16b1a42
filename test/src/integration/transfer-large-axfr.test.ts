/**
 * A million-record zone goes out by AXFR straight from the LevelDB projection: the response
 * is produced message by message from one iterator (one snapshot) read in bounded batches, so
 * memory stays flat however big the zone, and a change applied mid-transfer does not show up
 * in it.
 */

import { rmSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Name, RRClass, RRType, rdataFromText, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import { type ChangeSet, type Record as EventRecord, encodeEvent } from '@shoal/events';
import { ZoneStore } from '@shoal/projection';
import { axfrMessages, type ZoneSource } from '@shoal/zone-transfer';
import test from 'ava';
import { tempDir } from '../harness/index.js';

const ORIGIN = Name.parse('big.test.');
const TOTAL = Number(process.env.XFR_LARGE_RECORDS ?? 1_000_000);
const PER_EVENT = 10_000;

function record(owner: Name, type: number, ttl: number, rdata: Uint8Array): EventRecord {
  return { owner: owner.toWire(), type, class: RRClass.IN, ttl, rdata };
}

test('AXFR of a 1,000,000-record zone streams from a snapshot with flat memory', async (t) => {
  t.timeout(600_000);
  const dir = tempDir('large-axfr');
  const store = await ZoneStore.open(dir);
  try {
    let soa = rdataFromText(RRType.SOA, 'ns1.big.test. hostmaster.big.test. 1 3600 600 604800 300', ORIGIN);
    let sequence = 1;
    const created = encodeEvent({
      zone: 'big.test.',
      body: {
        $case: 'zoneCreated',
        zoneCreated: {
          records: [
            record(ORIGIN, RRType.SOA, 3600, soa),
            record(ORIGIN, RRType.NS, 3600, rdataFromText(RRType.NS, 'ns1.big.test.', ORIGIN)),
          ],
        },
      },
    });
    await store.apply([{ sequence, data: created }]);
    for (let start = 0; start < TOTAL; start += PER_EVENT) {
      const from = soaSerial(soa);
      const next = withSoaSerial(soa, from + 1);
      const added = [record(ORIGIN, RRType.SOA, 3600, next)];
      for (let i = start; i < Math.min(TOTAL, start + PER_EVENT); i++) {
        added.push(
          record(
            Name.parse(`h${i}.big.test.`),
            RRType.A,
            300,
            Uint8Array.of(10, (i >> 16) & 255, (i >> 8) & 255, i & 255),
          ),
        );
      }
      const changeSet: ChangeSet = {
        fromSerial: from,
        toSerial: from + 1,
        removed: [record(ORIGIN, RRType.SOA, 3600, soa)],
        added,
      };
      await store.apply([
        {
          sequence: ++sequence,
          data: encodeEvent({ zone: 'big.test.', body: { $case: 'changeSet', changeSet } }),
        },
      ]);
      soa = next;
    }
    const meta = store.zone('big.test.')!;
    t.is(meta.recordCount, TOTAL + 2);
    // As the node's StoreZoneSource: read in batches (one LevelDB nextv each), one snapshot.
    const source: ZoneSource = {
      rrsets: () => store.rrsets(meta),
      rrsetBatches: () => store.rrsetBatches(meta),
      journal: async function* () {},
      soa: () => ({ ttl: 3600, rdata: store.getRRset(meta, ORIGIN, RRType.SOA)!.rdatas[0] }),
    };

    // Memory held, not garbage awaiting a collection: when the collector runs depends on the
    // heap the test process grew before, so peaks of heapUsed alone vary run to run.
    const gc = collector();
    gc();
    const baseline = process.memoryUsage();
    let peakHeap = baseline.heapUsed;
    let peakRss = baseline.rss;
    let records = 0;
    let messages = 0;
    let bytes = 0;
    const started = Date.now();
    const question = { name: ORIGIN, type: RRType.AXFR, class: RRClass.IN };
    let changedMidway = false;
    for await (const message of axfrMessages(ORIGIN, source, { id: 1, question, maxSize: 16_384 })) {
      messages++;
      bytes += message.length;
      records += (message[6] << 8) | message[7];
      if (messages === 100 && !changedMidway) {
        // A change applied while the transfer runs: the transfer keeps its snapshot.
        changedMidway = true;
        const from = soaSerial(soa);
        const changeSet: ChangeSet = {
          fromSerial: from,
          toSerial: from + 1,
          removed: [record(ORIGIN, RRType.SOA, 3600, soa)],
          added: [
            record(ORIGIN, RRType.SOA, 3600, withSoaSerial(soa, from + 1)),
            record(Name.parse('zzz-late.big.test.'), RRType.A, 300, Uint8Array.of(10, 9, 9, 9)),
          ],
        };
        await store.apply([
          {
            sequence: ++sequence,
            data: encodeEvent({ zone: 'big.test.', body: { $case: 'changeSet', changeSet } }),
          },
        ]);
      }
      if (messages % 200 === 0) {
        gc();
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    t.is(records, TOTAL + 3, 'every record once, the SOA twice, and not the late one');
    const growthMb = (peakHeap - baseline.heapUsed) / 2 ** 20;
    // Held at a sample point after a full collection: what the transfer keeps alive.
    t.log(
      `${records} records in ${messages} messages (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${seconds.toFixed(1)} s: ` +
        `${Math.round(records / seconds)} records/s; heap growth ${growthMb.toFixed(1)} MiB, rss growth ${((peakRss - baseline.rss) / 2 ** 20).toFixed(1)} MiB`,
    );
    // The zone is ~30 MiB on the wire and far more as objects: a transfer that held it would show.
    t.true(growthMb < 64, `heap grew ${growthMb.toFixed(1)} MiB during the transfer`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A full garbage collection on demand, without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
