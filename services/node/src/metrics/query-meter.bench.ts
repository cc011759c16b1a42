/**
 * What metering costs on the query path: the same cached and uncached queries answered by the
 * Responder directly and through QueryMeter.wrap, interleaved over several rounds so warm-up
 * and frequency changes hit both alike. Run: node services/node/dist/metrics/query-meter.bench.js
 */
import { performance } from 'node:perf_hooks';
import { Catalog, Responder, Zone } from '@shoal/authority';
import { encodeMessage, Name, parseZoneText, queryMessage, RRType } from '@shoal/dns-wire';
import type { QueryContext, QueryHandler } from '../frontend/index.js';
import { QueryMeter } from './query-meter.js';

const ZONE = `$ORIGIN example.test.
$TTL 300
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.53
www A 192.0.2.1
www AAAA 2001:db8::1
mail MX 10 mx1
mx1 A 192.0.2.25
`;

function query(name: string, type: number, id: number): Uint8Array {
  return encodeMessage(queryMessage(Name.parse(name), type, { id }));
}

function catalog(): Catalog {
  const origin = Name.parse('example.test.');
  const zone = new Zone(origin);
  for (const rr of parseZoneText(ZONE, { origin })) zone.addRecord(rr);
  const c = new Catalog();
  c.set(zone);
  return c;
}

const ctx: QueryContext = { transport: 'udp', remoteAddress: '127.0.0.1', remotePort: 40000 };

function run(handler: QueryHandler, queries: Uint8Array[], n: number): number {
  const started = performance.now();
  for (let i = 0; i < n; i++) handler(queries[i % queries.length], ctx);
  return ((performance.now() - started) * 1e6) / n;
}

function measure(label: string, cache: boolean, queries: Uint8Array[]): void {
  const responder = new Responder(catalog(), { packetCache: cache });
  const plain: QueryHandler = (q, c) => responder.respond(q, c.transport);
  const metered = new QueryMeter().wrap(plain);
  const n = 200_000;
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 12; round++) {
    a.push(run(plain, queries, n));
    b.push(run(metered, queries, n));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const base = median(a.slice(2));
  const with_ = median(b.slice(2));
  console.log(
    `${label}: plain ${base.toFixed(0)} ns/query, metered ${with_.toFixed(0)} ns/query, ` +
      `overhead ${(with_ - base).toFixed(0)} ns (${(((with_ - base) / base) * 100).toFixed(1)}%)`,
  );
}

const names = [
  'www.example.test.',
  'mail.example.test.',
  'ns1.example.test.',
  'nx.example.test.',
  'example.test.',
];
const types = [RRType.A, RRType.AAAA, RRType.MX, RRType.SOA];
const queries = names.flatMap((n, i) => types.map((t, j) => query(n, t, i * 16 + j)));
measure('packet cache on ', true, queries);
measure('packet cache off', false, queries);

// The alternative measured for comparison: one OpenTelemetry API call per query.
const { metrics } = await import('@opentelemetry/api');
// The SDK is not a dependency of the node package (only main.ts wiring uses it, through @shoal/telemetry).
const sdk = '@opentelemetry/sdk-metrics';
const { MeterProvider } = (await import(sdk).catch(() => ({}))) as { MeterProvider?: new () => never };
if (MeterProvider) {
  metrics.setGlobalMeterProvider(new MeterProvider());
  const counter = metrics.getMeter('bench').createCounter('q');
  const histogram = metrics.getMeter('bench').createHistogram('h');
  const attrs = { qtype: 'A', rcode: 'NOERROR', transport: 'udp' };
  const n = 500_000;
  let started = performance.now();
  for (let i = 0; i < n; i++) counter.add(1, attrs);
  const perAdd = ((performance.now() - started) * 1e6) / n;
  started = performance.now();
  for (let i = 0; i < n; i++) histogram.record(0.00001, { transport: 'udp' });
  const perRecord = ((performance.now() - started) * 1e6) / n;
  console.log(
    `OpenTelemetry SDK per call: counter.add ${perAdd.toFixed(0)} ns, histogram.record ${perRecord.toFixed(0)} ns`,
  );
}
