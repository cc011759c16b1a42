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
