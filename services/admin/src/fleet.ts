import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { HEARTBEAT_SUBJECT_WILDCARD, NodeHeartbeat } from '@shoal/events';

export interface NodeView {
  heartbeat: NodeHeartbeat;
  lastSeenMs: number;
}

export interface SyncQuery {
  sequence: number;
  timeoutMs: number;
  nodeIds?: string[];
  region?: string;
}

export interface SyncResult {
  inSync: boolean;
  nodes: { nodeId: string; region: string; appliedSequence: number; inSync: boolean }[];
  waitedMs: number;
}

/**
 * The fleet as seen from its heartbeats (dns.fleet.heartbeat.*, core NATS, one a second per
 * node). A node is live while its last heartbeat is younger than `liveWindowMs`.
 */
export class FleetTracker {
  private readonly nodes = new Map<string, NodeView>();
  private sub?: Subscription;
  private listeners = new Set<() => void>();

  constructor(private readonly liveWindowMs = 5000) {}

  start(nc: NatsConnection): void {
    this.sub = nc.subscribe(HEARTBEAT_SUBJECT_WILDCARD, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const hb = NodeHeartbeat.decode(msg.data);
          if (!hb.nodeId) return;
          this.nodes.set(hb.nodeId, { heartbeat: hb, lastSeenMs: Date.now() });
          for (const l of this.listeners) l();
        } catch {
          // A malformed heartbeat is ignored: it must not take the admin down.
        }
      },
    });
  }

  stop(): void {
    this.sub?.unsubscribe();
  }

  live(now = Date.now()): NodeView[] {
    return [...this.nodes.values()].filter((n) => now - n.lastSeenMs <= this.liveWindowMs);
  }

  all(): NodeView[] {
    return [...this.nodes.values()];
  }

  private evaluate(q: SyncQuery): Omit<SyncResult, 'waitedMs'> {
    let nodes = q.nodeIds?.length
      ? this.all().filter((n) => q.nodeIds!.includes(n.heartbeat.nodeId))
      : this.live();
    if (q.region) nodes = nodes.filter((n) => n.heartbeat.region === q.region);
    const states = nodes.map((n) => ({
      nodeId: n.heartbeat.nodeId,
      region: n.heartbeat.region,
      appliedSequence: n.heartbeat.appliedSequence,
      inSync: n.heartbeat.appliedSequence >= q.sequence,
    }));
    const missing = (q.nodeIds ?? []).filter((id) => !states.some((s) => s.nodeId === id));
    for (const id of missing) states.push({ nodeId: id, region: '', appliedSequence: 0, inSync: false });
    return { inSync: states.length > 0 && states.every((s) => s.inSync), nodes: states };
  }

  /** Resolves as soon as every selected node reports the sequence applied, or at the deadline. */
  waitForSync(q: SyncQuery): Promise<SyncResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      const finish = (r: Omit<SyncResult, 'waitedMs'>) => {
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve({ ...r, waitedMs: Date.now() - started });
      };
      const check = () => {
        const r = this.evaluate(q);
        if (r.inSync) finish(r);
      };
      // The timer ends the wait whatever the wall clock says: libuv counts from the loop's
      // cached time, so it may fire a millisecond before Date.now() shows the timeout passed,
      // and a check that compared the clocks would then wait for a heartbeat that never comes.
      const timer = setTimeout(() => finish(this.evaluate(q)), q.timeoutMs);
      this.listeners.add(check);
      check();
    });
  }
}
