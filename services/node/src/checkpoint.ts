import { Readable } from 'node:stream';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { encodeCheckpoint, readCheckpoint, type ZoneStore } from '@shoal/projection';

/** Object Store bucket and object holding the fleet's latest node checkpoint. */
export const CHECKPOINT_BUCKET = 'SHOAL_CHECKPOINTS';
export const CHECKPOINT_OBJECT = 'node-store';

/**
 * Uploads this node's store as the fleet checkpoint. The store is read from one LevelDB
 * snapshot, so the checkpoint is exactly the projection at its applied position even while
 * events keep arriving.
 */
export async function publishCheckpoint(
  nc: NatsConnection,
  store: ZoneStore,
): Promise<{ applied: number; bytes: number }> {
  const objm = new Objm(nc);
  const bucket = await objm.create(CHECKPOINT_BUCKET, {
    description: 'Shoal node checkpoints (store + position)',
  });
  const applied = store.appliedSequence;
  const source = Readable.toWeb(
    Readable.from(encodeCheckpoint(applied, store.entries())),
  ) as ReadableStream<Uint8Array>;
  const info = await bucket.put({ name: CHECKPOINT_OBJECT, description: `applied ${applied}` }, source);
  return { applied, bytes: info.size };
}

/**
 * Fills an empty store from the fleet checkpoint, if there is one. Returns the position it
 * starts from (0 when there was no checkpoint: the node then replays the whole stream).
 */
export async function bootstrapFromCheckpoint(nc: NatsConnection, store: ZoneStore): Promise<number> {
  const objm = new Objm(nc);
  let bucket: Awaited<ReturnType<Objm['open']>>;
  try {
    bucket = await objm.open(CHECKPOINT_BUCKET);
  } catch {
    return 0;
  }
  const result = await bucket.get(CHECKPOINT_OBJECT);
  if (!result) return 0;
  const chunks = (async function* () {
    const reader = result.data.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  })();
  const checkpoint = await readCheckpoint(chunks);
  await store.importCheckpoint(checkpoint.applied, checkpoint.entries);
  const error = await result.error;
  if (error) throw error;
  return checkpoint.applied;
}
