import type { ServerResponse } from 'node:http';
import type { NodeStatus } from '../control/node-status.js';
import { counterLabels, QTYPE_LABELS, type QueryMeter, quantile, RCODE_LABELS } from '../metrics/index.js';
import type { ChangeSummary } from './recent-changes.js';

/** Cumulative values at one instant; the dashboard shows differences between two of them. */
interface Sample {
  t: number;
  total: number;
  latency: Float64Array;
  hits: number;
  misses: number;
  qtypes: Float64Array;
  rcodes: Float64Array;
}

const WINDOW_SECONDS = 10;
const TOP = 10;

function sample(meter: QueryMeter, status: NodeStatus, t: number): Sample {
  const latency = new Float64Array(meter.latency[0].counts.length);
  for (const h of meter.latency) for (let i = 0; i < latency.length; i++) latency[i] += h.counts[i];
  const qtypes = new Float64Array(QTYPE_LABELS.length);
  const rcodes = new Float64Array(RCODE_LABELS.length);
  const c = meter.counters;
  for (let i = 0; i < c.length; i++) {
    if (c[i] === 0) continue;
    const l = counterLabels(i);
    qtypes[QTYPE_LABELS.indexOf(l.qtype)] += c[i];
    rcodes[RCODE_LABELS.indexOf(l.rcode)] += c[i];
  }
  const cache = status.packetCache();
  return {
    t,
    total: meter.total,
    latency,
    hits: cache?.hits ?? 0,
    misses: cache?.misses ?? 0,
    qtypes,
    rcodes,
  };
}

function diff(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - b[i]);
}

function ranked(labels: readonly string[], counts: Float64Array, key: string) {
  return [...counts]
    .map((count, i) => ({ [key]: labels[i], count }))
    .filter((x) => x.count > 0)
    .sort((x, y) => y.count - x.count)
    .slice(0, TOP);
}

/**
 * The dashboard's live data: one `stats` event a second and a `change` event per applied zone
 * change, over server-sent events. Samples are taken once a second whether anyone watches or
 * not (a few microseconds), so the first view already has a window to show.
 */
export class DashboardFeed {
  private readonly samples: Sample[] = [];
  private readonly clients = new Set<ServerResponse>();
  private timer?: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly status: NodeStatus,
    private readonly meter: QueryMeter,
  ) {}

  start(): void {
    this.samples.push(sample(this.meter, this.status, Date.now()));
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  /** Sends a change to every watcher as soon as it is applied. */
  announce(changes: readonly ChangeSummary[]): void {
    if (changes.length) this.broadcast('change', changes);
  }

  /** Registers an SSE client: headers, the recent changes and current stats at once. */
  subscribe(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies must not buffer a stream.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    send(res, 'changes', this.status.recent.list());
    send(res, 'stats', this.stats());
  }

  get watchers(): number {
    return this.clients.size;
  }

  private tick(): void {
    this.samples.push(sample(this.meter, this.status, Date.now()));
    if (this.samples.length > WINDOW_SECONDS + 1) this.samples.shift();
    // Top names follow the last minutes, not all time.
    if (++this.ticks % 60 === 0) this.meter.topNames.decay();
    if (this.clients.size) this.broadcast('stats', this.stats());
  }

  private broadcast(event: string, data: unknown): void {
    for (const res of this.clients) send(res, event, data);
  }

  /** The numbers the dashboard shows, computed over the last second and the last ten. */
  stats() {
    const now = sample(this.meter, this.status, Date.now());
    const last = this.samples[this.samples.length - 1] ?? now;
    const first = this.samples[0] ?? now;
    const seconds = (now.t - first.t) / 1000;
    const lastSeconds = (now.t - last.t) / 1000;
    const lat = diff(now.latency, first.latency);
    const bounds = this.meter.latency[0].boundaries;
    const ms = (q: number) => {
      const v = quantile(bounds, lat, q);
      return v === undefined ? null : v * 1000;
    };
    const hits = now.hits - first.hits;
    const misses = now.misses - first.misses;
    const summary = this.status.summary(now.t);
    return {
      t: now.t,
      ...summary,
      qps:
        lastSeconds >= 0.5
          ? (now.total - last.total) / lastSeconds
          : seconds > 0
            ? (now.total - first.total) / seconds
            : 0,
      qps_10s: seconds > 0 ? (now.total - first.total) / seconds : 0,
      latency_ms: { p50: ms(0.5), p90: ms(0.9), p99: ms(0.99) },
      cache_hit_rate: hits + misses > 0 ? hits / (hits + misses) : null,
      top_names: this.meter.topNames.top(TOP),
      top_types: ranked(QTYPE_LABELS, diff(now.qtypes, first.qtypes), 'type'),
      rcodes: ranked(RCODE_LABELS, diff(now.rcodes, first.rcodes), 'rcode'),
      window_seconds: Math.round(seconds),
    };
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
