/**
 * Linearizable, idempotent writes: 8 concurrent writers spread over two admin processes change
 * one zone at the same time. Nothing is lost, every ChangeSet follows the previous one
 * (from_serial = previous to_serial, serials without gaps), and retried requests are not
 * applied twice.
 */
import { rmSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAM_NAME } from '@shoal/events';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import test from 'ava';
import { AdminProcess, NatsServer, tempDir } from '../harness/index.js';

const WRITERS = 8;
const WRITES_EACH = 25;

test('8 concurrent writers on one zone: no loss, gap-free serials, exactly-once retries', async (t) => {
  t.timeout(180_000);
  const nats = await NatsServer.start();
  const admins = [await AdminProcess.start(nats.url), await AdminProcess.start(nats.url)];
  const clients = admins.map((a) => a.client());
  const nc = await connect({ servers: nats.url });
  const dir = tempDir('writers');
  try {
    const created = await clients[0].createZone({ name: 'busy.test', nameservers: ['ns1.busy.test.'] });
    t.is(created.serial, 1);
    const results = await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const client = clients[w % clients.length];
        const out = [];
        for (let i = 0; i < WRITES_EACH; i++) {
          out.push(
            await client.replaceRRset({
              zone: 'busy.test',
              rrset: { name: `w${w}-${i}`, type: 'TXT', ttl: 60, records: [`"writer ${w} write ${i}"`] },
              options: { requestId: `busy-${w}-${i}`, reason: `writer ${w}` },
            }),
          );
        }
        return out;
      }),
    );
    const all = results.flat();
    t.is(all.length, WRITERS * WRITES_EACH);
    // Each write got its own serial: 2 .. 201, no gaps, no repeats.
    t.deepEqual(
      all.map((r) => r.serial).sort((a, b) => a - b),
      Array.from({ length: WRITERS * WRITES_EACH }, (_, i) => i + 2),
    );

    // Retrying every request with its key changes nothing.
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info(STREAM_NAME)).state.last_seq;
    const retried = await clients[1].replaceRRset({
      zone: 'busy.test',
      rrset: { name: 'w3-7', type: 'TXT', ttl: 60, records: ['"writer 3 write 7"'] },
      options: { requestId: 'busy-3-7', reason: 'retry' },
    });
    const original = results[3][7];
    t.is(retried.sequence, original.sequence);
    t.is(retried.serial, original.serial);
    t.is((await jsm.streams.info(STREAM_NAME)).state.last_seq, before);

    // The history in a clean projection: a chain of ChangeSets, each from the previous serial.
    const store = await ZoneStore.open(dir);
    const follower = new StreamFollower(jetstream(nc), store);
    follower.start();
    await follower.waitForSequence(before);
    await follower.stop();
    const zone = store.zone('busy.test.')!;
    t.is(zone.serial, 1 + WRITERS * WRITES_EACH);
    let previous = 1;
    let entries = 0;
    for await (const entry of store.journal(zone)) {
      t.is(entry.changeSet!.fromSerial, previous);
      t.is(entry.changeSet!.toSerial, previous + 1);
      previous = entry.changeSet!.toSerial;
      entries++;
    }
    t.is(entries, WRITERS * WRITES_EACH);
    let names = 0;
    for await (const set of store.rrsets(zone)) if (set.type === 16) names++;
    t.is(names, WRITERS * WRITES_EACH);
    await store.close();
  } finally {
    for (const c of clients) c.close();
    await nc.close();
    for (const a of admins) await a.dispose();
    await nats.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
