import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { HEARTBEAT_SUBJECT_WILDCARD, NodeHeartbeat } from '@shoal/events';
import { APPLIED_SUBJECT_WILDCARD } from '@shoal/zone-transfer';

interface NodeState {
  applied: number;
  seenMs: number;
}

/**
 * Where each serving node is in the stream, from their heartbeats (once a second) and their
 * "applied" announcements (at once, per batch). A NOTIFY goes out only when every live node
 * serves the change: the secondary's SOA query may reach any node, and one still behind would
 * answer the old serial, after which the secondary would not look again until its refresh.
 */
export class FleetSync {
  readonly #nodes = new Map<string, NodeState>();
  readonly #waiters = new Set<() => void>();
  #subs: Subscription[] = [];

  constructor(
    /** A node silent for longer than this is not waited for. */
    private readonly liveMs = 3_000,
    private readonly now: () => number = Date.now,
  ) {}

  start(nc: NatsConnection): void {
    this.#subs.push(
      nc.subscribe(HEARTBEAT_SUBJECT_WILDCARD, {
        callback: (err, msg) => {
          if (err) return;
          try {
            const hb = NodeHeartbeat.decode(msg.data);
            this.note(hb.nodeId, Number(hb.appliedSequence));
          } catch {
            // Not a heartbeat we can read: ignore it.
          }
        },
      }),
      nc.subscribe(APPLIED_SUBJECT_WILDCARD, {
        callback: (err, msg) => {
          if (err) return;
          try {
            const { node, applied } = msg.json<{ node: string; applied: number }>();
            if (typeof node === 'string' && Number.isFinite(applied)) this.note(node, applied);
          } catch {
            // Ignore garbage.
          }
        },
      }),
    );
  }

  note(nodeId: string, applied: number): void {
    const state = this.#nodes.get(nodeId);
    this.#nodes.set(nodeId, { applied: Math.max(applied, state?.applied ?? 0), seenMs: this.now() });
    for (const wake of [...this.#waiters]) wake();
  }

  /** True when every node heard from recently has applied `sequence`. */
  applied(sequence: number): boolean {
    const cutoff = this.now() - this.liveMs;
    for (const state of this.#nodes.values())
      if (state.seenMs >= cutoff && state.applied < sequence) return false;
    return true;
  }

  /** Resolves true once the fleet has applied `sequence`, false after `timeoutMs` (then notify anyway). */
  waitApplied(sequence: number, timeoutMs: number): Promise<boolean> {
    if (this.applied(sequence)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!this.applied(sequence)) return;
        finish(true);
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.#waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      // A node going silent also settles the wait: re-check now and then.
      const poll = setInterval(check, 500);
      this.#waiters.add(check);
    });
  }

  stop(): void {
    for (const s of this.#subs) s.unsubscribe();
    for (const wake of this.#waiters) wake();
  }
}
