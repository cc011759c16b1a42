/**
 * Fast bootstrap: compaction (ZoneSnapshot + purge) keeps the stream short without changing
 * what any node holds, and a node checkpoint in the JetStream Object Store lets a new node
 * start from it and replay only the tail. Every node's store ends byte-identical.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { encodeZoneToken, STREAM_NAME } from '@shoal/events';
import { ZoneStore } from '@shoal/projection';
import anyTest, { type TestFn } from 'ava';
import {
  loadSyntheticHistory,
  NatsServer,
  NodeProcess,
  query,
  waitFor,
  waitForApplied,
} from '../harness/index.js';

const test = anyTest as TestFn<{ nats: NatsServer; nc: NatsConnection; nodes: NodeProcess[] }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const nc = await connect({ servers: nats.url });
  t.context = { nats, nc, nodes: [] };
});

test.after.always(async (t) => {
  for (const n of t.context.nodes) await n.dispose();
  await t.context.nc?.close();
  await t.context.nats?.dispose();
});

async function control(
  nc: NatsConnection,
  nodeId: string,
  verb: string,
): Promise<{ ok: boolean; result: unknown; error?: string }> {
  const token = encodeZoneToken([new TextEncoder().encode(nodeId)]);
  const reply = await nc.request(`dns.control.node.${token}.${verb}`, '', { timeout: 30_000 });
  return reply.json();
}

async function digestOf(node: NodeProcess): Promise<{ applied: number; digest: string; journal: number }> {
  await node.stop();
  const store = await ZoneStore.open(node.dataDirectory);
  let journal = 0;
  for (const z of store.listZones()) journal += z.journalCount;
  const r = { applied: store.appliedSequence, digest: await store.digest(), journal };
  await store.close();
  await node.restart();
  return r;
}

test.serial('compaction and checkpoints change nothing a node holds and shorten bootstrap', async (t) => {
  t.timeout(240_000);
  const { nats, nc, nodes } = t.context;
  const { lastSequence } = await loadSyntheticHistory(nats.url, {
    zones: 5,
    changesPerZone: 60,
    zonePrefix: 'cp',
  });
  const jsm = await jetstreamManager(nc);

  const veteran = await NodeProcess.start(nats.url, { nodeId: 'veteran' });
  nodes.push(veteran);
  await waitFor(
    'veteran caught up',
    async () => (await query('h59.cp4.test', 'A', { port: veteran.dnsPort })).answers.length === 1,
    30_000,
  );

  // Compaction: each zone's 61 events become one snapshot.
  const before = (await jsm.streams.info(STREAM_NAME)).state.messages;
  const compacted = await control(nc, 'veteran', 'compact');
  t.true(compacted.ok, compacted.error);
  const results = compacted.result as { outcome: string; purged: number }[];
  t.is(results.filter((r) => r.outcome === 'compacted').length, 5);
  const after = (await jsm.streams.info(STREAM_NAME)).state;
  t.is(before, lastSequence);
  t.is(after.messages, 5, 'one snapshot per zone is left');
  await waitForApplied(nc, 'veteran', after.last_seq);

  // A fresh node replays only the snapshots and ends identical to the veteran, IXFR journal included.
  const fresh = await NodeProcess.start(nats.url, {
    nodeId: 'fresh',
    env: { SHOAL_CHECKPOINT_BOOTSTRAP: 'false' },
  });
  nodes.push(fresh);
  await waitFor(
    'fresh serves',
    async () => (await query('h59.cp4.test', 'A', { port: fresh.dnsPort })).answers.length === 1,
    30_000,
  );
  await waitForApplied(nc, 'fresh', after.last_seq);
  const v = await digestOf(veteran);
  const f = await digestOf(fresh);
  t.is(v.applied, after.last_seq);
  t.is(f.applied, after.last_seq);
  t.is(f.digest, v.digest, 'a node built from snapshots equals one that lived through the history');
  t.true(v.journal > 0, 'the IXFR journal survived compaction');

  // Checkpoint, then a tail of new events; a new node loads the checkpoint and replays only the tail.
  const published = await control(nc, 'veteran', 'checkpoint');
  t.true(published.ok, published.error);
  const checkpointAt = (published.result as { applied: number }).applied;
  t.is(checkpointAt, after.last_seq);
  const tail = await loadSyntheticHistory(nats.url, { zones: 2, changesPerZone: 10, zonePrefix: 'tail' });
  const joiner = await NodeProcess.start(nats.url, { nodeId: 'joiner' });
  nodes.push(joiner);
  const boot = await joiner.process.waitForOutput(
    /bootstrapped from checkpoint[^\n]*|"applied":(\d+)[^\n]*bootstrapped from checkpoint/,
  );
  t.regex(boot[0], new RegExp(`"applied":${checkpointAt}`));
  await joiner.process.waitForOutput(new RegExp(`"from":${checkpointAt + 1}`));
  await waitFor(
    'joiner has the tail',
    async () => (await query('h9.tail1.test', 'A', { port: joiner.dnsPort })).answers.length === 1,
    30_000,
  );
  await waitForApplied(nc, 'veteran', tail.lastSequence);
  await waitForApplied(nc, 'joiner', tail.lastSequence);
  const j = await digestOf(joiner);
  const v2 = await digestOf(veteran);
  t.is(j.applied, tail.lastSequence);
  t.is(v2.applied, tail.lastSequence);
  t.is(j.digest, v2.digest, 'checkpoint + tail equals the veteran');
});
