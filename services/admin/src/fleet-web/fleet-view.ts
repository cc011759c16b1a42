import type { NodeHeartbeat } from '@shoal/events';

/** The fleet as the page and its JSON show it. Built from heartbeats; pure. */
export interface FleetNodeRow {
  node_id: string;
  region: string;
  /** A heartbeat arrived within the live window. */
  live: boolean;
  ready: boolean;
  nats_connected: boolean;
  applied_sequence: number;
  stream_last_sequence: number;
  /** Against the newest stream position anyone knows (the admin's or any node's). */
  lag_events: number;
  qps: number;
  last_seen_seconds: number;
  last_applied_unix_ms: number;
  version: string;
  health: 'ok' | 'lagging' | 'not-ready' | 'down';
}

export interface FleetRegionRow {
  region: string;
  nodes: number;
  live: number;
  ready: number;
  qps: number;
  max_lag_events: number;
}

export interface FleetView {
  generated_unix_ms: number;
  stream_last_sequence: number;
  nodes: FleetNodeRow[];
  regions: FleetRegionRow[];
  totals: { nodes: number; live: number; ready: number; qps: number };
}

export function fleetView(
  views: readonly { heartbeat: NodeHeartbeat; lastSeenMs: number }[],
  adminStreamLast: number,
  liveWindowMs: number,
  nowMs: number,
  lagWarnEvents = 10,
): FleetView {
  const head = Math.max(adminStreamLast, ...views.map((v) => v.heartbeat.streamLastSequence), 0);
  const nodes = views
    .map(({ heartbeat: h, lastSeenMs }): FleetNodeRow => {
      const live = nowMs - lastSeenMs <= liveWindowMs;
      const lag = Math.max(0, head - h.appliedSequence);
      const health = !live ? 'down' : !h.ready ? 'not-ready' : lag > lagWarnEvents ? 'lagging' : 'ok';
      return {
        node_id: h.nodeId,
        region: h.region || 'default',
        live,
        ready: live && h.ready,
        nats_connected: h.natsConnected,
        applied_sequence: h.appliedSequence,
        stream_last_sequence: h.streamLastSequence,
        lag_events: lag,
        qps: live ? h.queriesPerSecond : 0,
        last_seen_seconds: Math.max(0, (nowMs - lastSeenMs) / 1000),
        last_applied_unix_ms: h.lastAppliedUnixMs,
        version: h.version,
        health,
      };
    })
    .sort((a, b) =>
      a.region === b.region ? (a.node_id < b.node_id ? -1 : 1) : a.region < b.region ? -1 : 1,
    );
  const regions = new Map<string, FleetRegionRow>();
  for (const n of nodes) {
    const r = regions.get(n.region) ?? {
      region: n.region,
      nodes: 0,
      live: 0,
      ready: 0,
      qps: 0,
      max_lag_events: 0,
    };
    r.nodes++;
    if (n.live) r.live++;
    if (n.ready) r.ready++;
    r.qps += n.qps;
    if (n.live) r.max_lag_events = Math.max(r.max_lag_events, n.lag_events);
    regions.set(n.region, r);
  }
  const all = [...regions.values()];
  return {
    generated_unix_ms: nowMs,
    stream_last_sequence: head,
    nodes,
    regions: all,
    totals: {
      nodes: nodes.length,
      live: nodes.filter((n) => n.live).length,
      ready: nodes.filter((n) => n.ready).length,
      qps: all.reduce((s, r) => s + r.qps, 0),
    },
  };
}
