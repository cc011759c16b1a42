import { JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { ConcurrencyConflictError, EventStoreUnavailableError } from './errors.js';

export interface AppendOptions {
  /**
   * The zone subject's last sequence the caller validated against (0 = the subject must be
   * empty). Sent as Nats-Expected-Last-Subject-Sequence: the server refuses the append if
   * anything was appended since, which makes writes linearizable per zone.
   */
  expectedLastSubjectSequence: number;
  /** Idempotency key, sent as Nats-Msg-Id; a duplicate within the window is not stored twice. */
  messageId?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface AppendResult {
  sequence: number;
  duplicate: boolean;
}

const WRONG_LAST_SEQUENCE = 10071;

export async function appendEvent(
  js: JetStreamClient,
  subject: string,
  payload: Uint8Array,
  options: AppendOptions,
): Promise<AppendResult> {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(options.headers ?? {})) h.set(k, v);
  try {
    const ack = await js.publish(subject, payload, {
      headers: h,
      msgID: options.messageId,
      timeout: options.timeoutMs ?? 5000,
      expect: { lastSubjectSequence: options.expectedLastSubjectSequence },
    });
    return { sequence: ack.seq, duplicate: ack.duplicate };
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === WRONG_LAST_SEQUENCE) {
      throw new ConcurrencyConflictError(subject, options.expectedLastSubjectSequence, { cause: err });
    }
    if (/wrong last sequence/i.test(String(err))) {
      throw new ConcurrencyConflictError(subject, options.expectedLastSubjectSequence, { cause: err });
    }
    throw new EventStoreUnavailableError(`append to ${subject} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

export interface AppendPartsResult extends AppendResult {
  /** The sequence of the first message: where the event begins on the subject (for purges). */
  firstSequence: number;
}

/**
 * Appends the messages of one event (from `encodeEventParts`) in order, each with the expected
 * last subject sequence of the one before, so nothing else on the subject comes between them.
 * The event's sequence is the last message's. `messageId` goes on the last message only: a
 * retried request that already landed is answered from the server's deduplication, and the
 * parts re-sent before it are left incomplete, which readers drop. A conflict on any part
 * throws ConcurrencyConflictError; parts already appended are then abandoned the same way.
 */
export async function appendEventParts(
  js: JetStreamClient,
  subject: string,
  messages: readonly Uint8Array[],
  options: AppendOptions,
): Promise<AppendPartsResult> {
  if (messages.length === 0) throw new Error('appendEventParts: no messages');
  let expected = options.expectedLastSubjectSequence;
  let firstSequence = 0;
  let result: AppendResult = { sequence: 0, duplicate: false };
  for (let i = 0; i < messages.length; i++) {
    const last = i === messages.length - 1;
    result = await appendEvent(js, subject, messages[i], {
      ...options,
      expectedLastSubjectSequence: expected,
      messageId: last ? options.messageId : undefined,
    });
    if (i === 0) firstSequence = result.sequence;
    expected = result.sequence;
  }
  return { ...result, firstSequence: messages.length === 1 ? result.sequence : firstSequence };
}
