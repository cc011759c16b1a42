/**
 * "Use every core": a node with two workers shares one UDP/TCP port; each worker is a full
 * projection with its own store, both apply every write, and both answer queries.
 */
import { connect } from '@nats-io/transport-node';
import { HEARTBEAT_SUBJECT_WILDCARD, NodeHeartbeat } from '@shoal/events';
import test from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, waitForApplied } from '../harness/index.js';

test('two workers share the port, both project the stream and both answer', async (t) => {
  t.timeout(120_000);
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, {
    nodeId: 'multi',
    env: { SHOAL_WORKERS: '2', SHOAL_WEB_LISTEN: 'off' },
  });
  const nc = await connect({ servers: nats.url });
  const client = admin.client();
  try {
    t.regex(node.process.log, /workers=2/);
    await client.createZone({ name: 'workers.test', nameservers: ['ns1.workers.test.'] });
    const w = await client.replaceRRset({
      zone: 'workers.test',
      rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.1'] },
    });
    await waitForApplied(nc, 'multi', w.sequence);
    await waitForApplied(nc, 'multi.w1', w.sequence);

    // Every answer is right whichever worker gives it, over UDP and TCP.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        query('www.workers.test', 'A', { port: node.dnsPort, tcp: i % 20 === 0 }),
      ),
    );
    t.true(answers.every((m) => m.answers.length === 1));

    // Both workers report queries answered (from their own heartbeats).
    const busy = new Set<string>();
    const sub = nc.subscribe(HEARTBEAT_SUBJECT_WILDCARD);
    const stop = setTimeout(() => sub.unsubscribe(), 5000);
    for await (const m of sub) {
      const hb = NodeHeartbeat.decode(m.data);
      if (hb.queriesPerSecond > 0) busy.add(hb.nodeId);
      if (busy.size === 2) break;
    }
    clearTimeout(stop);
    sub.unsubscribe();
    t.deepEqual([...busy].sort(), ['multi', 'multi.w1']);

    // A later write reaches both: no query sees the old data once both report it applied.
    const w2 = await client.replaceRRset({
      zone: 'workers.test',
      rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.2'] },
    });
    await waitForApplied(nc, 'multi', w2.sequence);
    await waitForApplied(nc, 'multi.w1', w2.sequence);
    const after = await Promise.all(
      Array.from({ length: 50 }, () => query('www.workers.test', 'A', { port: node.dnsPort })),
    );
    t.true(after.every((m) => m.answers.length === 1 && m.answers[0].rdata.join('.') === '192.0.2.2'));
    // SIGTERM to the primary stops the workers and then the primary.
    await node.stop();
    t.false(node.process.running);
  } finally {
    client.close();
    await nc.close();
    await node.dispose();
    await admin.dispose();
    await nats.dispose();
  }
});
