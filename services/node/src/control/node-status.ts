import type { Responder } from '@shoal/authority';
import { LagTracker, type NodeMetricsSource, type ReplicationLag } from '../metrics/index.js';
import type { NodeServer } from '../node-server.js';
import { evaluateReadiness, type Readiness } from '../web/readiness.js';
import { RecentChanges, summarizeEffects } from '../web/recent-changes.js';
import type { StreamWatch } from '../web/stream-watch.js';
import type { RuntimeSettings } from './runtime-settings.js';

export interface ReplicationState {
  appliedSequence: number;
  streamLastSequence: number;
  lag: ReplicationLag;
  connected: boolean;
  disconnectedSeconds: number;
  lastAppliedAtMs: number;
}

/**
 * One place that reads the node's state for /readyz, /metrics and the dashboard, so the three
 * never disagree: replication position and lag, readiness with its reasons, packet-cache
 * totals (kept across Responder replacements), and the recent changes.
 */
export class NodeStatus implements NodeMetricsSource {
  readonly recent = new RecentChanges();
  private readonly applied = new Map<string, number>();
  private readonly lagTracker = new LagTracker();
  private cacheBase = { hits: 0, misses: 0 };
  /** Set at the start of shutdown: /readyz fails from then on, so the anycast route goes first. */
  draining = false;

  constructor(
    private readonly node: NodeServer,
    private readonly watch: StreamWatch,
    private readonly settings: RuntimeSettings,
  ) {
    node.effectListeners.push((effects) => {
      for (const e of effects) this.applied.set(e.kind, (this.applied.get(e.kind) ?? 0) + 1);
      this.recent.add(summarizeEffects(effects, Date.now()));
    });
  }

  get meter() {
    return this.node.meter;
  }

  packetCache(): { hits: number; misses: number; entries: number } | undefined {
    const cache = this.node.responder?.cache;
    if (!cache) return undefined;
    return {
      hits: this.cacheBase.hits + cache.hits,
      misses: this.cacheBase.misses + cache.misses,
      entries: cache.size,
    };
  }

  /** Swaps the node's Responder (an NSID change) without resetting the cache counters. */
  replaceResponder(next: Responder): void {
    const old = this.node.responder?.cache;
    if (old)
      this.cacheBase = { hits: this.cacheBase.hits + old.hits, misses: this.cacheBase.misses + old.misses };
    this.node.responder = next;
  }

  replication(nowMs = Date.now()): ReplicationState {
    const f = this.node.follower;
    const appliedSequence = this.node.store?.appliedSequence ?? 0;
    const streamLastSequence = Math.max(f?.streamLastSequence ?? 0, this.watch.lastSequence);
    return {
      appliedSequence,
      streamLastSequence,
      lag: this.lagTracker.update(appliedSequence, streamLastSequence, nowMs),
      connected: this.watch.connected && !!f?.connected,
      disconnectedSeconds: this.watch.disconnectedSeconds(nowMs),
      lastAppliedAtMs: f?.lastAppliedAtMs ?? 0,
    };
  }

  readiness(nowMs = Date.now()): Readiness & { replication: ReplicationState; serving: boolean } {
    const replication = this.replication(nowMs);
    const serving = this.node.frontends.length > 0;
    const positionKnown = this.watch.lastProbeOkMs > 0 || (this.node.follower?.streamLastSequence ?? 0) > 0;
    const r = evaluateReadiness(
      {
        serving,
        disconnectedSeconds: replication.disconnectedSeconds,
        positionKnown,
        lag: replication.lag,
        draining: this.draining,
      },
      this.settings.readiness,
    );
    return { ...r, replication, serving };
  }

  ready(): boolean {
    return this.readiness().ready;
  }

  zones(): number {
    return this.node.catalog.zones().length;
  }

  appliedByKind(): ReadonlyMap<string, number> {
    return this.applied;
  }

  /** The JSON body of /readyz and the top of the dashboard's status. */
  summary(nowMs = Date.now()) {
    const r = this.readiness(nowMs);
    const cache = this.packetCache();
    return {
      node: this.node.config.nodeId,
      region: this.node.config.region,
      ready: r.ready,
      reasons: r.reasons,
      serving: r.serving,
      nats_connected: r.replication.connected,
      applied_sequence: r.replication.appliedSequence,
      stream_last_sequence: r.replication.streamLastSequence,
      lag_events: r.replication.lag.events,
      lag_seconds: r.replication.lag.seconds,
      last_applied_ms: r.replication.lastAppliedAtMs,
      zones: this.zones(),
      queries: this.node.meter.total,
      packet_cache: cache ?? null,
      uptime_seconds: Math.round((nowMs - this.node.startedAtMs) / 1000),
    };
  }
}
