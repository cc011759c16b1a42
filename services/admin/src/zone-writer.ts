import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Name } from '@shoal/dns-wire';
import { appendEventParts, ConcurrencyConflictError, lastSubjectSequence } from '@shoal/event-store';
import { decodeEvent, type Event, encodeEventParts, STREAM_NAME, zoneSubject } from '@shoal/events';
import type { StreamFollower, ZoneMeta } from '@shoal/projection';
import { EventTooLargeError, RequestCancelledError, WriteContentionError } from './errors.js';

export interface WriteOutcome {
  sequence: number;
  serial: number;
  duplicate: boolean;
}

/** Builds the event for the zone's current state, or returns undefined when nothing changes. */
export type EventPlanner = (meta: ZoneMeta | undefined) => Promise<Omit<Event, 'schemaVersion'> | undefined>;

/** What one write carries besides its event. */
export interface WriteRequest {
  /** Idempotency key, sent as Nats-Msg-Id. */
  requestId?: string;
  /** Extra NATS headers on the event (the W3C traceparent). */
  headers?: Record<string, string>;
  /** Checked before every append: a cancelled request writes nothing. */
  signal?: AbortSignal;
  deadlineExceeded?: () => boolean;
}

export interface ZoneWriterOptions {
  maxAttempts?: number;
  /** The largest message the server accepts (its max_payload). */
  maxEventBytes?: () => number;
  /** Messages one event may span (EventParts, events.proto); default 64. */
  maxEventParts?: number;
  /** Called after every append the server acknowledged (statistics). */
  onAppended?: (event: Omit<Event, 'schemaVersion'>, outcome: WriteOutcome) => void;
  onConflict?: () => void;
  /**
   * Turns the planned event into the one appended, given the subject sequence it was planned
   * against: the DNSSEC signer's hook (dnssec/), which adds the signatures of a signed zone's
   * change so one event carries both. A ConcurrencyConflictError from it re-plans, as a
   * conflicting append does.
   */
  prepare?: (
    event: Omit<Event, 'schemaVersion'>,
    context: { zone: Name; meta: ZoneMeta | undefined; expectedSequence: number },
  ) => Promise<Omit<Event, 'schemaVersion'>>;
}

/** Room kept in a message for the headers (msg id, expected sequence, traceparent). */
const HEADER_ROOM = 4096;
const DEFAULT_MAX_EVENT_PARTS = 64;

/**
 * The write path: validate against the projection, append with the zone subject's expected
 * last sequence, and on conflict wait for the projection to catch up and plan again. Writes
 * from this process to one zone are queued so they do not fight each other; writers in other
 * processes are ordered by the server's sequence check.
 */
export class ZoneWriter {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly follower: StreamFollower,
    private readonly options: ZoneWriterOptions = {},
  ) {}

  /** The largest message this writer appends: one event, or one part of a larger one. */
  get maxMessageBytes(): number {
    return (this.options.maxEventBytes?.() ?? 1024 * 1024) - HEADER_ROOM;
  }

  /**
   * The largest encoded event this writer appends. Larger than one message: such events go
   * out as parts and stay atomic; the bound keeps what every node must hold at once sane.
   */
  get maxEventBytes(): number {
    return this.maxMessageBytes * (this.options.maxEventParts ?? DEFAULT_MAX_EVENT_PARTS);
  }

  write(zone: Name, request: WriteRequest, plan: EventPlanner): Promise<WriteOutcome> {
    const key = zone.key;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.attempt(zone, request, plan));
    this.queues.set(key, run);
    void run
      .finally(() => {
        if (this.queues.get(key) === run) this.queues.delete(key);
      })
      .catch(() => {});
    return run;
  }

  private async attempt(zone: Name, request: WriteRequest, plan: EventPlanner): Promise<WriteOutcome> {
    const store = this.follower.store;
    const subject = zoneSubject(zone.labels);
    const maxAttempts = this.options.maxAttempts ?? 20;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const meta = store.zone(zone.key);
      const expected = store.lastSequenceOf(zone.key);
      const planned = await plan(meta);
      if (!planned) {
        // Nothing to change. If this is a retry of a request that already landed, answer with
        // that request's result, as JetStream's deduplication would have.
        const prior = request.requestId && meta ? await this.findApplied(meta, request.requestId) : undefined;
        return prior ?? { sequence: meta?.lastSequence ?? 0, serial: meta?.serial ?? 0, duplicate: false };
      }
      try {
        const event = this.options.prepare
          ? await this.options.prepare(planned, { zone, meta, expectedSequence: expected })
          : planned;
        const messages = encodeEventParts(event, this.maxMessageBytes);
        const bytes = messages.reduce((n, m) => n + m.length, 0);
        if (bytes > this.maxEventBytes)
          throw new EventTooLargeError(zone.toString(), bytes, this.maxEventBytes);
        if (request.signal?.aborted) throw new RequestCancelledError(request.deadlineExceeded?.() ?? false);
        const ack = await appendEventParts(this.js, subject, messages, {
          expectedLastSubjectSequence: expected,
          messageId: request.requestId || undefined,
          headers: request.headers,
        });
        // Read-your-writes: the caller's next read of this admin sees the change.
        await this.follower.waitForSequence(ack.sequence, 15_000);
        const serial = ack.duplicate
          ? await this.serialAt(ack.sequence)
          : serialOf(event, store.zone(zone.key));
        const outcome = { sequence: ack.sequence, serial, duplicate: ack.duplicate };
        this.options.onAppended?.(event, outcome);
        return outcome;
      } catch (err) {
        if (!(err instanceof ConcurrencyConflictError)) throw err;
        this.options.onConflict?.();
        const actual = await lastSubjectSequence(this.jsm, subject);
        await this.follower.waitForSequence(actual, 15_000);
        // Jitter keeps competing admins from colliding in lockstep.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 5)));
      }
    }
    throw new WriteContentionError(zone.toString(), maxAttempts);
  }

  /** The earlier result of a request id, from the zone's journal (its provenance). */
  private async findApplied(meta: ZoneMeta, requestId: string): Promise<WriteOutcome | undefined> {
    let found: WriteOutcome | undefined;
    for await (const entry of this.follower.store.journal(meta)) {
      if (entry.provenance?.requestId === requestId) {
        found = { sequence: entry.sequence, serial: entry.changeSet?.toSerial ?? 0, duplicate: true };
      }
    }
    return found;
  }

  private async serialAt(sequence: number): Promise<number> {
    const m = await this.jsm.streams.getMessage(STREAM_NAME, { seq: sequence });
    if (!m) return 0;
    const event = decodeEvent(m.data, sequence);
    return serialOf(event, this.follower.store.zone(event.zone));
  }
}

function serialOf(event: Omit<Event, 'schemaVersion'>, meta: ZoneMeta | undefined): number {
  const body = event.body;
  if (body?.$case === 'changeSet') return body.changeSet.toSerial;
  if (body?.$case === 'zoneSnapshot') return body.zoneSnapshot.serial;
  return meta?.serial ?? 0;
}
