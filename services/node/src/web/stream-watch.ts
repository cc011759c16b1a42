import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Watches the node's NATS connection (status events, so an outage is seen at once) and asks
 * the stream for its last sequence every few seconds: an independent view of the lag, which
 * also covers a feed that is open but stuck. One small JetStream API request per interval.
 */
export class StreamWatch {
  /** Unix ms since NATS has been unreachable; 0 while connected. Counts from start until first connect. */
  private disconnectedSinceMs: number;
  private watching?: NatsConnection;
  private jsm?: Promise<JetStreamManager>;
  private timer?: NodeJS.Timeout;
  private lastProbeMs = 0;
  private probing = false;
  /** The stream's last sequence at the last successful probe (0 before any). */
  lastSequence = 0;
  lastProbeOkMs = 0;
  lastProbeError?: string;

  constructor(
    private readonly source: { readonly nc?: NatsConnection },
    private readonly stream: string,
    private readonly probeIntervalMs = 5000,
    startedAtMs = Date.now(),
  ) {
    this.disconnectedSinceMs = startedAtMs;
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), 250);
    this.timer.unref();
    this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get connected(): boolean {
    return this.disconnectedSinceMs === 0;
  }

  disconnectedSeconds(nowMs = Date.now()): number {
    return this.disconnectedSinceMs === 0 ? 0 : (nowMs - this.disconnectedSinceMs) / 1000;
  }

  private tick(): void {
    const nc = this.source.nc;
    if (nc && nc !== this.watching) this.watch(nc);
    if (nc && this.connected && Date.now() - this.lastProbeMs >= this.probeIntervalMs) void this.probe(nc);
  }

  private watch(nc: NatsConnection): void {
    this.watching = nc;
    this.jsm = undefined;
    if (!nc.isClosed()) this.disconnectedSinceMs = 0;
    void (async () => {
      for await (const s of nc.status()) {
        // A server that shuts down cleanly may produce "reconnecting" without a "disconnect" first.
        if (
          s.type === 'disconnect' ||
          s.type === 'reconnecting' ||
          s.type === 'staleConnection' ||
          s.type === 'close'
        ) {
          if (this.disconnectedSinceMs === 0) this.disconnectedSinceMs = Date.now();
        } else if (s.type === 'reconnect') {
          this.disconnectedSinceMs = 0;
          this.lastProbeMs = 0;
        }
      }
    })().catch(() => {});
    void nc.closed().then(() => {
      if (this.disconnectedSinceMs === 0) this.disconnectedSinceMs = Date.now();
    });
  }

  private async probe(nc: NatsConnection): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    this.lastProbeMs = Date.now();
    try {
      this.jsm ??= jetstreamManager(nc, { timeout: 2000 });
      const info = await (await this.jsm).streams.info(this.stream);
      this.lastSequence = info.state.last_seq;
      this.lastProbeOkMs = Date.now();
      this.lastProbeError = undefined;
    } catch (err) {
      this.jsm = undefined;
      this.lastProbeError = String(err);
    } finally {
      this.probing = false;
    }
  }
}
