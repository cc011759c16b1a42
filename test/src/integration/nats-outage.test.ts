/**
 * NATS down: a node keeps answering from its LevelDB store, and when nats-server comes back
 * (same data, same port) it reconnects and catches up with every write made meanwhile, with no
 * gap: its store then equals a clean projection of the stream.
 */
import { rmSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Rcode } from '@shoal/dns-wire';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import test from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, tempDir, waitFor } from '../harness/index.js';

test('a node serves through a NATS outage and catches up afterwards', async (t) => {
  t.timeout(180_000);
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'outage-1' });
  const client = admin.client();
  try {
    await client.createZone({
      name: 'outage.test',
      nameservers: ['ns1.outage.test.'],
      rrsets: [{ name: 'a', type: 'A', ttl: 60, records: ['192.0.2.1'] }],
    });
    await waitFor(
      'zone served',
      async () => (await query('a.outage.test', 'A', { port: node.dnsPort })).answers.length === 1,
    );

    await nats.stop();
    // Served from the store while the stream is gone, for several seconds.
    for (let i = 0; i < 6; i++) {
      const m = await query('a.outage.test', 'A', { port: node.dnsPort });
      t.is(m.rcode, Rcode.NOERROR);
      t.is(m.answers.length, 1);
      await new Promise((r) => setTimeout(r, 500));
    }
    await nats.restart();
    // The admin reconnects too; writes made after the outage reach the node.
    let last = 0;
    for (let i = 0; i < 10; i++) {
      last = (
        await waitFor(
          'admin writes again',
          async () =>
            client.replaceRRset({
              zone: 'outage.test',
              rrset: { name: `after${i}`, type: 'A', ttl: 60, records: [`192.0.2.${20 + i}`] },
            }),
          15_000,
          200,
        )
      ).sequence;
    }
    await waitFor(
      'node caught up',
      async () => (await query('after9.outage.test', 'A', { port: node.dnsPort })).answers.length === 1,
      20_000,
    );
    for (let i = 0; i < 10; i++)
      t.is((await query(`after${i}.outage.test`, 'A', { port: node.dnsPort })).answers.length, 1);

    await node.stop();
    const store = await ZoneStore.open(node.dataDirectory);
    const digest = await store.digest();
    t.is(store.appliedSequence, last);
    await store.close();
    const cleanDir = tempDir('clean');
    const clean = await ZoneStore.open(cleanDir);
    const nc = await connect({ servers: nats.url });
    const follower = new StreamFollower(jetstream(nc), clean);
    follower.start();
    await follower.waitForSequence(last);
    await follower.stop();
    await nc.close();
    t.is(await clean.digest(), digest);
    await clean.close();
    rmSync(cleanDir, { recursive: true, force: true });
  } finally {
    client.close();
    await node.dispose();
    await admin.dispose();
    await nats.dispose();
  }
});
