import type { NatsConnection } from '@nats-io/transport-node';
import { heartbeatSubject, NodeHeartbeat } from '@shoal/events';

export interface HeartbeatSource {
  nodeId: string;
  region: string;
  appliedSequence(): number;
  streamLastSequence(): number;
  lastAppliedUnixMs(): number;
  queriesPerSecond(): number;
  natsConnected(): boolean;
  ready(): boolean;
}

/**
 * Publishes this node's position on dns.fleet.heartbeat.<node> once per interval (core NATS:
 * a heartbeat is only worth anything while fresh, so it is not stored). The admin builds
 * fleet status and WaitForSync from these.
 */
export function startHeartbeat(nc: NatsConnection, source: HeartbeatSource, intervalMs: number): () => void {
  const subject = heartbeatSubject(source.nodeId);
  const beat = () => {
    if (nc.isClosed()) return;
    const hb: NodeHeartbeat = {
      nodeId: source.nodeId,
      region: source.region,
      appliedSequence: source.appliedSequence(),
      timeUnixMs: Date.now(),
      streamLastSequence: source.streamLastSequence(),
      queriesPerSecond: source.queriesPerSecond(),
      natsConnected: source.natsConnected(),
      lastAppliedUnixMs: source.lastAppliedUnixMs(),
      ready: source.ready(),
      version: '0.1.0',
    };
    try {
      nc.publish(subject, NodeHeartbeat.encode(hb).finish());
    } catch {
      // Disconnected: the next beat after reconnection tells the truth again.
    }
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  return () => clearInterval(timer);
}

/** Queries per second over a sliding window of one-second buckets. */
export class RateMeter {
  private buckets = new Float64Array(10);
  private current = 0;
  private second = Math.floor(Date.now() / 1000);

  mark(n = 1): void {
    this.roll();
    this.buckets[this.current] += n;
  }

  private roll(): void {
    const now = Math.floor(Date.now() / 1000);
    while (this.second < now) {
      this.second++;
      this.current = (this.current + 1) % this.buckets.length;
      this.buckets[this.current] = 0;
    }
  }

  /** Average over the last complete seconds in the window. */
  rate(): number {
    this.roll();
    let sum = 0;
    for (let i = 1; i < this.buckets.length; i++)
      sum += this.buckets[(this.current - i + this.buckets.length) % this.buckets.length];
    return sum / (this.buckets.length - 1);
  }
}
