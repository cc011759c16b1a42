import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Meter, ObservableResult } from '@opentelemetry/api';
import { counterLabels } from './labels.js';
import { ERROR_KINDS, type QueryMeter } from './query-meter.js';
import type { ReplicationLag } from './replication.js';

/** What the node's instruments read at collection time; all cheap getters. */
export interface NodeMetricsSource {
  meter: QueryMeter;
  packetCache(): { hits: number; misses: number; entries: number } | undefined;
  replication(): {
    appliedSequence: number;
    streamLastSequence: number;
    lag: ReplicationLag;
    connected: boolean;
    lastAppliedAtMs: number;
  };
  zones(): number;
  ready(): boolean;
  /** Events applied by kind of effect (zone-created, zone-updated, ...), counted by the node. */
  appliedByKind(): ReadonlyMap<string, number>;
}

const TRANSPORTS = ['udp', 'tcp'] as const;

/**
 * Registers the node's instruments: all observable, so nothing but plain counting happens
 * per query. Names follow Prometheus conventions once exported (`_total` for counters, base
 * units in the name: `_seconds`, `_bytes`).
 */
export function registerNodeInstruments(otel: Meter, source: NodeMetricsSource): () => void {
  const m = source.meter;
  const queries = otel.createObservableCounter('dns_node_queries', {
    description:
      'DNS messages answered (or dropped: rcode="no_reply"), by transport, opcode, question type and header RCODE',
  });
  queries.addCallback((r) => {
    const c = m.counters;
    for (let i = 0; i < c.length; i++) if (c[i] > 0) r.observe(c[i], counterLabels(i));
  });
  const perTransport = (name: string, description: string, values: Float64Array, unit?: string) =>
    otel.createObservableCounter(name, { description, unit }).addCallback((r) => {
      TRANSPORTS.forEach((transport, i) => {
        r.observe(values[i], { transport });
      });
    });
  perTransport('dns_node_response_bytes', 'Octets of DNS replies sent', m.responseBytes);
  perTransport('dns_node_truncated_responses', 'Replies sent with TC set', m.truncated);
  otel
    .createObservableCounter('dns_node_transfer_messages', { description: 'Messages sent in zone transfers' })
    .addCallback((r) => r.observe(m.transferMessages[0]));
  otel
    .createObservableCounter('dns_node_rate_limited_responses', {
      description: 'UDP replies over the response rate limit, by action: drop, or slip (sent truncated)',
    })
    .addCallback((r) => {
      r.observe(m.rateLimited[0], { action: 'drop' });
      r.observe(m.rateLimited[1], { action: 'slip' });
    });
  otel
    .createObservableCounter('dns_node_errors', {
      description:
        'Failures by kind: handler (query handler threw), socket, transfer (a stream failed), projection (event feed)',
    })
    .addCallback((r) => {
      ERROR_KINDS.forEach((kind, i) => {
        r.observe(m.errors[i], { kind });
      });
    });

  const cache =
    (pick: (c: { hits: number; misses: number; entries: number }) => number) => (r: ObservableResult) => {
      const c = source.packetCache();
      if (c) r.observe(pick(c));
    };
  otel
    .createObservableCounter('dns_node_packet_cache_hits', {
      description: 'Replies served from the packet cache',
    })
    .addCallback(cache((c) => c.hits));
  otel
    .createObservableCounter('dns_node_packet_cache_misses', {
      description: 'Packet cache look-ups that missed',
    })
    .addCallback(cache((c) => c.misses));
  otel
    .createObservableGauge('dns_node_packet_cache_entries', {
      description: 'Replies held in the packet cache',
    })
    .addCallback(cache((c) => c.entries));

  const gauge = (name: string, description: string, read: () => number) =>
    otel.createObservableGauge(name, { description }).addCallback((r) => r.observe(read()));
  gauge(
    'dns_node_applied_sequence',
    'Stream sequence of the last event applied to the local store',
    () => source.replication().appliedSequence,
  );
  gauge(
    'dns_node_stream_last_sequence',
    'Last stream sequence as last seen by the node',
    () => source.replication().streamLastSequence,
  );
  gauge(
    'dns_node_replication_lag_events',
    'Events in the stream not yet applied here',
    () => source.replication().lag.events,
  );
  gauge(
    'dns_node_replication_lag_seconds',
    'How long the node has continuously had unapplied events; 0 when caught up',
    () => source.replication().lag.seconds,
  );
  gauge(
    'dns_node_last_applied_timestamp_seconds',
    'Unix time of the last applied batch',
    () => source.replication().lastAppliedAtMs / 1000,
  );
  gauge('dns_node_stream_connected', '1 while the event feed is open', () =>
    source.replication().connected ? 1 : 0,
  );
  gauge('dns_node_ready', '1 while /readyz succeeds (serving and caught up)', () => (source.ready() ? 1 : 0));
  gauge('dns_node_zones', 'Zones served', () => source.zones());
  otel
    .createObservableCounter('dns_node_events_applied', {
      description: 'Projection effects applied, by kind',
    })
    .addCallback((r) => {
      for (const [kind, n] of source.appliedByKind()) r.observe(n, { kind });
    });

  // Process health that explains latency: event-loop delay and memory.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  otel
    .createObservableGauge('nodejs_eventloop_delay_p99_seconds', {
      description: 'Event-loop delay, 99th percentile since the last scrape',
    })
    .addCallback((r) => {
      r.observe(loop.percentile(99) / 1e9);
      loop.reset();
    });
  otel
    .createObservableGauge('process_resident_memory_bytes', { description: 'Resident set size' })
    .addCallback((r) => r.observe(process.memoryUsage.rss()));
  otel
    .createObservableGauge('nodejs_heap_used_bytes', { description: 'V8 heap in use' })
    .addCallback((r) => r.observe(process.memoryUsage().heapUsed));
  const started = Date.now() / 1000 - process.uptime();
  otel
    .createObservableGauge('process_start_time_seconds', { description: 'Unix time the process started' })
    .addCallback((r) => r.observe(started));
  return () => loop.disable();
}
