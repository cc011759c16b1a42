import {
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { STREAM_NAME, ZONE_SUBJECT_WILDCARD } from '@shoal/events';

export interface StoredEvent {
  sequence: number;
  subject: string;
  data: Uint8Array;
  headers: Map<string, string>;
  timestampMs: number;
  /** Messages left in the stream after this one when it was delivered. */
  pending: number;
}

function toStored(m: JsMsg): StoredEvent {
  const headers = new Map<string, string>();
  if (m.headers) for (const [k, v] of m.headers) headers.set(k, v[0] ?? '');
  return {
    sequence: m.seq,
    subject: m.subject,
    data: m.data,
    headers,
    timestampMs: Math.floor(m.info.timestampNanos / 1e6),
    pending: m.info.pending,
  };
}

export interface EventFeed extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

/**
 * An ordered consumer on every zone subject from `fromSequence`. Ordered consumers are
 * ephemeral and recreate themselves at the right sequence after a gap or a reconnect, so a
 * projection that remembers its own position never needs durable server-side state.
 */
export async function openEventFeed(
  js: JetStreamClient,
  fromSequence: number,
  options: { stream?: string; subject?: string; batch?: number } = {},
): Promise<EventFeed> {
  const consumer = await js.consumers.get(options.stream ?? STREAM_NAME, {
    filter_subjects: options.subject ?? ZONE_SUBJECT_WILDCARD,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, fromSequence),
  });
  let messages: ConsumerMessages | undefined;
  return {
    async *[Symbol.asyncIterator]() {
      messages = await consumer.consume({ max_messages: options.batch ?? 512 });
      for await (const m of messages) yield toStored(m);
    },
    async close() {
      await messages?.close();
    },
  };
}

/** Sequence of the last event on one subject, 0 when the subject has none. */
export async function lastSubjectSequence(
  jsm: JetStreamManager,
  subject: string,
  stream = STREAM_NAME,
): Promise<number> {
  try {
    const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    return m?.seq ?? 0;
  } catch (err) {
    if ((err as { code?: number }).code === 10037 || /no message found/i.test(String(err))) return 0;
    throw err;
  }
}

export async function streamLastSequence(jsm: JetStreamManager, stream = STREAM_NAME): Promise<number> {
  const info = await jsm.streams.info(stream);
  return info.state.last_seq;
}
