import type { NodeHeartbeat } from '@shoal/events';
import test from 'ava';
import { fleetView } from './fleet-view.js';

function hb(nodeId: string, region: string, applied: number, o: Partial<NodeHeartbeat> = {}): NodeHeartbeat {
  return {
    nodeId,
    region,
    appliedSequence: applied,
    timeUnixMs: 0,
    streamLastSequence: applied,
    queriesPerSecond: 10,
    natsConnected: true,
    lastAppliedUnixMs: 0,
    ready: true,
    version: '0.1.0',
    ...o,
  } as NodeHeartbeat;
}

test('nodes get a health from liveness, readiness and lag; regions add up', (t) => {
  const now = 100_000;
  const v = fleetView(
    [
      { heartbeat: hb('a1', 'eu', 100), lastSeenMs: now - 500 },
      { heartbeat: hb('a2', 'eu', 80), lastSeenMs: now - 500 },
      { heartbeat: hb('b1', 'us', 100, { ready: false }), lastSeenMs: now - 500 },
      { heartbeat: hb('b2', 'us', 100), lastSeenMs: now - 60_000 },
    ],
    100,
    5000,
    now,
  );
  t.deepEqual(
    v.nodes.map((n) => [n.node_id, n.health, n.lag_events]),
    [
      ['a1', 'ok', 0],
      ['a2', 'lagging', 20],
      ['b1', 'not-ready', 0],
      ['b2', 'down', 0],
    ],
  );
  t.deepEqual(v.regions, [
    { region: 'eu', nodes: 2, live: 2, ready: 2, qps: 20, max_lag_events: 20 },
    { region: 'us', nodes: 2, live: 1, ready: 0, qps: 10, max_lag_events: 0 },
  ]);
  t.deepEqual(v.totals, { nodes: 4, live: 3, ready: 2, qps: 30 });
  t.is(v.stream_last_sequence, 100);
});

test('the newest stream position known to anyone is the reference for lag', (t) => {
  const v = fleetView(
    [{ heartbeat: hb('a1', 'eu', 5, { streamLastSequence: 9 }), lastSeenMs: 0 }],
    0,
    5000,
    0,
  );
  t.is(v.stream_last_sequence, 9);
  t.is(v.nodes[0].lag_events, 4);
});
