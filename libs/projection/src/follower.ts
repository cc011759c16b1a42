import type { JetStreamClient } from '@nats-io/jetstream';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { openEventFeed, type StoredEvent } from '@shoal/event-store';
import { STREAM_NAME } from '@shoal/events';
import type { ProjectionEffect } from './effects.js';
import type { EventInput, ZoneStore } from './store.js';

export interface FollowerOptions {
  /** Called after each durable batch, in order, with what it changed. Must not throw. */
  onEffects?: (effects: ProjectionEffect[], appliedSequence: number) => void;
  /** Called when the feed fails; the follower reopens it after `retryMs`. */
  onError?: (error: unknown) => void;
  /** Most events applied in one LevelDB batch while catching up. */
  maxBatch?: number;
  retryMs?: number;
  /** The stream to read (a region reads its local mirror); default DNS. */
  stream?: string;
  /** How often the stream's real last sequence is read (lag, and stall detection). */
  watchdogIntervalMs?: number;
  /** Reopen the feed when the stream is ahead and nothing arrived for this long. */
  stallMs?: number;
}

const tracer = trace.getTracer('shoal-projection');

/**
 * Keeps a ZoneStore following the stream: an ordered consumer from applied + 1, events grouped
 * into batches while more are pending (catch-up speed) and applied one by one when live
 * (latency). When NATS goes away the store keeps what it has; on return the feed reopens at the
 * applied position, so nothing is missed and nothing is applied twice.
 */
export class StreamFollower {
  private stopped = false;
  private feed?: Awaited<ReturnType<typeof openEventFeed>>;
  private waiters: { sequence: number; resolve: () => void }[] = [];
  private running?: Promise<void>;
  /** The stream's last sequence as last seen by the consumer (for lag). */
  streamLastSequence = 0;
  lastAppliedAtMs = 0;
  lastEventTimestampMs = 0;
  connected = false;
  /** When the stream's last sequence was last read from the server (0: never). */
  streamCheckedAtMs = 0;
  /** Times the feed was found stalled and reopened. */
  stalls = 0;
  private lastDeliveryAtMs = 0;
  private feedOpenedAtMs = 0;
  private checking = false;
  private watchdog?: NodeJS.Timeout;

  constructor(
    private readonly js: JetStreamClient,
    readonly store: ZoneStore,
    private readonly options: FollowerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.loop();
    this.watchdog ??= setInterval(() => void this.checkProgress(), this.options.watchdogIntervalMs ?? 2000);
  }

  /**
   * Ordered consumers are ephemeral and live on one server; when that server dies the client
   * does not always notice (seen with a cluster losing its stream leader). So the follower reads
   * the stream's last sequence itself: it is the honest basis for lag, and when the stream is
   * ahead while nothing has arrived for `stallMs`, the feed is reopened at applied + 1.
   */
  private async checkProgress(): Promise<void> {
    if (this.checking || this.stopped) return;
    this.checking = true;
    try {
      const jsm = await this.js.jetstreamManager(false);
      const info = await jsm.streams.info(this.options.stream ?? STREAM_NAME);
      this.streamLastSequence = Math.max(this.streamLastSequence, info.state.last_seq);
      this.streamCheckedAtMs = Date.now();
      const behind = this.store.appliedSequence < info.state.last_seq;
      const quietFor = Date.now() - Math.max(this.lastDeliveryAtMs, this.feedOpenedAtMs);
      if (behind && quietFor > (this.options.stallMs ?? 5000)) {
        this.stalls++;
        this.options.onError?.(new Error(`event feed stalled ${quietFor} ms behind the stream; reopening`));
        await this.feed?.close().catch(() => {});
      }
    } catch {
      // NATS unreachable: the feed's own reconnection handles it; lag stays as last known.
    } finally {
      this.checking = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await this.feed?.close().catch(() => {});
    await this.running;
  }

  get appliedSequence(): number {
    return this.store.appliedSequence;
  }

  /** Resolves once the store has applied `sequence` (or rejects after timeoutMs). */
  waitForSequence(sequence: number, timeoutMs = 10_000): Promise<void> {
    if (this.store.appliedSequence >= sequence) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        sequence,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`projection did not reach sequence ${sequence} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async loop(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 256;
    while (!this.stopped) {
      try {
        this.feed = await openEventFeed(this.js, this.store.appliedSequence + 1, {
          stream: this.options.stream,
        });
        this.feedOpenedAtMs = Date.now();
        this.connected = true;
        let batch: EventInput[] = [];
        let traces: (string | undefined)[] = [];
        for await (const event of this.feed) {
          if (this.stopped) break;
          this.note(event);
          batch.push({ sequence: event.sequence, data: event.data, timestampMs: event.timestampMs });
          traces.push(event.headers.get('traceparent'));
          if (event.pending > 0 && batch.length < maxBatch) continue;
          await this.flush(batch, traces);
          batch = [];
          traces = [];
        }
        if (batch.length) await this.flush(batch, traces);
      } catch (error) {
        this.connected = false;
        if (this.stopped) break;
        this.options.onError?.(error);
      }
      await this.feed?.close().catch(() => {});
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.options.retryMs ?? 500));
    }
  }

  /**
   * One span per event that carries a trace context (the admin's write), as a child of the
   * write's span: one trace then shows the gRPC call, the publish and the projection on every
   * node. Without an OpenTelemetry SDK registered these calls are no-ops.
   */
  private traceApplied(batch: EventInput[], traces: (string | undefined)[], startedMs: number): void {
    for (let i = 0; i < batch.length; i++) {
      const traceparent = traces[i];
      if (!traceparent) continue;
      const parent = propagation.extract(context.active(), { traceparent });
      const span = tracer.startSpan(
        'dns.projection.apply',
        {
          kind: SpanKind.CONSUMER,
          startTime: startedMs,
          attributes: {
            'messaging.system': 'nats',
            'messaging.message.id': String(batch[i].sequence),
            'dns.batch_size': batch.length,
          },
        },
        parent,
      );
      span.end(this.lastAppliedAtMs);
    }
  }

  private note(event: StoredEvent): void {
    this.lastDeliveryAtMs = Date.now();
    this.streamLastSequence = Math.max(this.streamLastSequence, event.sequence + event.pending);
    this.lastEventTimestampMs = event.timestampMs;
  }

  private async flush(batch: EventInput[], traces: (string | undefined)[] = []): Promise<void> {
    const startedMs = Date.now();
    const result = await this.store.apply(batch);
    this.lastAppliedAtMs = Date.now();
    this.traceApplied(batch, traces, startedMs);
    if (result.effects.length) this.options.onEffects?.(result.effects, result.appliedSequence);
    const ready = this.waiters.filter((w) => w.sequence <= result.appliedSequence);
    if (ready.length) {
      this.waiters = this.waiters.filter((w) => w.sequence > result.appliedSequence);
      for (const w of ready) w.resolve();
    }
  }
}
