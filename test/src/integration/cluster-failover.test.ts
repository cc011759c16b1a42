/**
 * A three-server JetStream cluster (R3 stream) on loopback: the stream leader is killed with
 * SIGKILL in the middle of 10,000 writes. Every acknowledged write is present on every node
 * afterwards; writes that failed during the election are retried with the same idempotency key
 * and are applied exactly once.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Rcode } from '@shoal/dns-wire';
import { STREAM_NAME } from '@shoal/events';
import test from 'ava';
import { AdminProcess, NatsCluster, NodeProcess, query, waitFor, waitForApplied } from '../harness/index.js';

const ZONES = 20;
const WRITES = Number(process.env.SHOAL_FAILOVER_WRITES ?? 10_000);

test('killing the stream leader mid-way loses no acknowledged write', async (t) => {
  t.timeout(600_000);
  const cluster = await NatsCluster.start(3);
  const admin = await AdminProcess.start(cluster.urls, { env: { SHOAL_STREAM_REPLICAS: '3' } });
  const nodes = [
    await NodeProcess.start([cluster.url(0), cluster.url(1), cluster.url(2)], { nodeId: 'east' }),
    await NodeProcess.start([cluster.url(2), cluster.url(1), cluster.url(0)], { nodeId: 'west' }),
  ];
  const client = admin.client();
  const nc = await connect({ servers: cluster.urls });
  try {
    for (let z = 0; z < ZONES; z++)
      await client.createZone({ name: `fo${z}.test`, nameservers: ['ns1.example.'] });
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(STREAM_NAME);
    t.is(info.config.num_replicas, 3);
    const leader = info.cluster?.leader;
    const leaderIndex = cluster.members.findIndex((m) => m.name === leader);
    t.true(leaderIndex >= 0, `stream leader ${leader}`);

    let next = 0;
    let retries = 0;
    let killedAt = -1;
    let lastSequence = 0;
    const acked: number[] = [];
    const writer = async () => {
      while (next < WRITES) {
        const i = next++;
        if (i === WRITES / 2 && killedAt < 0) {
          killedAt = i;
          void cluster.kill(leaderIndex);
        }
        const req = {
          zone: `fo${i % ZONES}.test`,
          rrset: {
            name: `w${i}`,
            type: 'A',
            ttl: 60,
            records: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
          },
          options: { requestId: `failover-${i}`, reason: '' },
        };
        for (let attempt = 0; ; attempt++) {
          try {
            const r = await client.replaceRRset(req);
            lastSequence = Math.max(lastSequence, r.sequence);
            acked.push(i);
            break;
          } catch (err) {
            if (attempt >= 60) throw err;
            retries++;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, writer));
    t.is(acked.length, WRITES);
    t.log(`leader ${leader} killed at write ${killedAt}; ${retries} retried attempts`);

    const after = await jsm.streams.info(STREAM_NAME);
    // Each write is one event: retries with the same key were deduplicated, none was lost.
    t.is(after.state.messages, ZONES + WRITES);
    t.is(after.state.last_seq, lastSequence);

    for (const node of nodes) {
      await waitForApplied(nc, node.nodeId, lastSequence, 120_000);
      let missing = 0;
      const ids = [...acked];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (ids.length) {
            const i = ids.pop()!;
            const m = await query(`w${i}.fo${i % ZONES}.test`, 'A', { port: node.dnsPort });
            if (m.rcode !== Rcode.NOERROR || m.answers.length !== 1) missing++;
          }
        }),
      );
      t.is(missing, 0, `node ${node.nodeId} misses acknowledged writes`);
    }
    // The killed server comes back and catches up (R3): a later write lands and is served.
    await cluster.restart(leaderIndex);
    const late = await waitFor(
      'write after restart',
      () =>
        client.replaceRRset({
          zone: 'fo0.test',
          rrset: { name: 'late', type: 'A', ttl: 60, records: ['192.0.2.99'] },
        }),
      30_000,
      250,
    );
    await waitForApplied(nc, 'east', late.sequence);
    t.is((await query('late.fo0.test', 'A', { port: nodes[0].dnsPort })).answers.length, 1);
  } finally {
    client.close();
    await nc.close();
    for (const n of nodes) await n.dispose();
    await admin.dispose();
    await cluster.dispose();
  }
});
