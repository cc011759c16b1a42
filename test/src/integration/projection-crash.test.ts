/**
 * Exactly-once projection under crashes: a node projecting 100,000 events is killed with
 * SIGKILL at random points, at least 20 times. After every kill its LevelDB store must equal,
 * byte for byte (digest over every key and value), a clean projection of the stream up to the
 * position the killed store says it applied.
 */
import { rmSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { openEventFeed } from '@shoal/event-store';
import { ZoneStore } from '@shoal/projection';
import test from 'ava';
import { loadSyntheticHistory, NatsServer, NodeProcess, tempDir } from '../harness/index.js';

async function advanceTo(natsUrl: string, store: ZoneStore, target: number): Promise<void> {
  if (store.appliedSequence >= target) return;
  const nc = await connect({ servers: natsUrl });
  const feed = await openEventFeed(jetstream(nc), store.appliedSequence + 1);
  let batch: { sequence: number; data: Uint8Array; timestampMs: number }[] = [];
  for await (const e of feed) {
    batch.push({ sequence: e.sequence, data: e.data, timestampMs: e.timestampMs });
    if (e.sequence === target || batch.length === 500) {
      await store.apply(batch);
      batch = [];
    }
    if (e.sequence >= target) break;
  }
  await feed.close();
  await nc.close();
}

test('SIGKILL at random points never leaves a store that differs from a clean projection', async (t) => {
  t.timeout(600_000);
  const nats = await NatsServer.start();
  const referenceDir = tempDir('reference');
  const reference = await ZoneStore.open(referenceDir);
  let node: NodeProcess | undefined;
  try {
    const { lastSequence } = await loadSyntheticHistory(nats.url, { zones: 100, changesPerZone: 1000 });
    t.is(lastSequence, 100_100);
    node = await NodeProcess.start(nats.url, { nodeId: 'crashy' });
    const positions: number[] = [];
    for (let kill = 0; kill < 20; kill++) {
      if (kill > 0) await node.restart();
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 1200));
      await node.kill();
      const killed = await ZoneStore.open(node.dataDirectory);
      const applied = killed.appliedSequence;
      const digest = await killed.digest();
      await killed.close();
      await advanceTo(nats.url, reference, applied);
      t.is(reference.appliedSequence, applied);
      t.is(digest, await reference.digest(), `store after kill ${kill + 1} at sequence ${applied}`);
      positions.push(applied);
    }
    t.log(`killed at applied positions: ${positions.join(', ')}`);
    // The kills landed while the node was projecting, not after it had finished.
    t.true(positions.filter((p) => p > 0 && p < lastSequence).length >= 15, positions.join(','));
    t.true(
      positions.every((p, i) => i === 0 || p >= positions[i - 1]),
      'the applied position never goes back',
    );
  } finally {
    await node?.dispose();
    await reference.close();
    rmSync(referenceDir, { recursive: true, force: true });
    await nats.dispose();
  }
});
