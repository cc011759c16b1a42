import { DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { STREAM_NAME, ZONE_SUBJECT_WILDCARD } from '@shoal/events';

export interface StreamSettings {
  name?: string;
  /** 1 on a single server; 3 on a cluster (R3 survives the loss of one server). */
  replicas?: number;
  /**
   * How long a Nats-Msg-Id is remembered for deduplication. Idempotent retries must arrive
   * within it; two minutes is JetStream's default, we keep ten because admin clients retry
   * across restarts.
   */
  duplicateWindowMs?: number;
}

/**
 * Creates the DNS stream, or checks an existing one. Storage is file-backed with limits
 * retention and no age limit: the stream is the source of truth and events are only removed
 * by explicit compaction after a ZoneSnapshot (purge with keep on the zone's subject).
 */
export async function ensureEventStream(jsm: JetStreamManager, settings: StreamSettings = {}): Promise<void> {
  const name = settings.name ?? STREAM_NAME;
  const config = {
    name,
    subjects: [ZONE_SUBJECT_WILDCARD],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: settings.replicas ?? 1,
    duplicate_window: nanos(settings.duplicateWindowMs ?? 10 * 60_000),
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    max_msgs_per_subject: -1,
    // Zone deletion purges a subject; nobody may delete single events.
    deny_delete: true,
    deny_purge: false,
    allow_rollup_hdrs: false,
  };
  try {
    const info = await jsm.streams.info(name);
    if (info.config.num_replicas !== config.num_replicas) {
      // Replica count can be changed in place on a cluster; do it rather than refuse to start.
      await jsm.streams.update(name, { ...info.config, num_replicas: config.num_replicas });
    }
  } catch (err) {
    if ((err as { code?: number }).code === 10059 || /stream not found/i.test(String(err))) {
      await jsm.streams.add(config);
      return;
    }
    throw err;
  }
}
