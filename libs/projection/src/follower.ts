import type { JetStreamClient } from '@nats-io/jetstream';
import { openEventFeed, type StoredEvent } from '@shoal/event-store';
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
}

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

  constructor(
    private readonly js: JetStreamClient,
    readonly store: ZoneStore,
    private readonly options: FollowerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
      const waiter = { sequence, resolve: () => (clearTimeout(timer), resolve()) };
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
        this.feed = await openEventFeed(this.js, this.store.appliedSequence + 1, { stream: this.options.stream });
        this.connected = true;
        let batch: EventInput[] = [];
        for await (const event of this.feed) {
          if (this.stopped) break;
          this.note(event);
          batch.push({ sequence: event.sequence, data: event.data, timestampMs: event.timestampMs });
          if (event.pending > 0 && batch.length < maxBatch) continue;
          await this.flush(batch);
          batch = [];
        }
        if (batch.length) await this.flush(batch);
      } catch (error) {
        this.connected = false;
        if (this.stopped) break;
        this.options.onError?.(error);
      }
      await this.feed?.close().catch(() => {});
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.options.retryMs ?? 500));
    }
  }

  private note(event: StoredEvent): void {
    this.streamLastSequence = Math.max(this.streamLastSequence, event.sequence + event.pending);
    this.lastEventTimestampMs = event.timestampMs;
  }

  private async flush(batch: EventInput[]): Promise<void> {
    const result = await this.store.apply(batch);
    this.lastAppliedAtMs = Date.now();
    if (result.effects.length) this.options.onEffects?.(result.effects, result.appliedSequence);
    const ready = this.waiters.filter((w) => w.sequence <= result.appliedSequence);
    if (ready.length) {
      this.waiters = this.waiters.filter((w) => w.sequence > result.appliedSequence);
      for (const w of ready) w.resolve();
    }
  }
}
