/**
 * The node's web server against a real node: health and readiness (open), Prometheus metrics
 * and the dashboard API (behind the API key), with numbers that follow real DNS traffic and
 * real zone changes written straight into the stream.
 */
import anyTest, { type TestFn } from 'ava';
import {
  buildQuery,
  loadSyntheticHistory,
  NatsServer,
  query,
  tcpExchange,
  udpExchange,
  waitFor,
} from '../harness/index.js';
import { get, readEvents, sample, startWebNode, WEB_KEY, type WebNode } from './ops-support.js';

const test = anyTest as TestFn<{ nats: NatsServer; n: WebNode }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const n = await startWebNode(nats.url, { nodeId: 'web-1', region: 'eu-west' });
  t.context = { nats, n };
  await loadSyntheticHistory(nats.url, { zones: 2, changesPerZone: 3, zonePrefix: 'web' });
  await waitFor(
    'zones served',
    async () => (await query('web0.test', 'SOA', { port: n.node.dnsPort })).answers.length === 1,
  );
});

test.after.always(async (t) => {
  await t.context.n?.node.dispose();
  await t.context.nats?.dispose();
});

test.serial('healthz and readyz answer without a key; readyz says why it is ready', async (t) => {
  const { web } = t.context.n;
  const health = await get(`${web}/healthz`);
  t.is(health.status, 200);
  t.like(health.json(), { status: 'alive', node: 'web-1' });
  const ready = await waitFor('ready', async () => {
    const r = await get(`${web}/readyz`);
    return r.status === 200 ? r : undefined;
  });
  t.like(ready.json(), {
    ready: true,
    reasons: [],
    node: 'web-1',
    region: 'eu-west',
    serving: true,
    nats_connected: true,
    lag_events: 0,
    zones: 2,
  });
  t.true(ready.json<{ applied_sequence: number }>().applied_sequence >= 8);
});

test.serial('metrics and the API need the key; the page itself is public and self-contained', async (t) => {
  const { web } = t.context.n;
  for (const path of ['/metrics', '/api/v1/status', '/api/v1/events']) {
    const r = await get(`${web}${path}`);
    t.is(r.status, 401, path);
    t.is((await get(`${web}${path}`, 'wrong-key-wrong-key-wrong')).status, 401, path);
  }
  t.is(
    (await get(`${web}/metrics`, undefined, { headers: { authorization: `Bearer ${WEB_KEY}` } })).status,
    200,
  );
  t.is(
    (await get(`${web}/metrics`, undefined, { headers: { cookie: `shoal_api_key=${WEB_KEY}` } })).status,
    200,
  );
  const page = await get(`${web}/`);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-type') ?? '', /text\/html/);
  t.regex(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  t.notRegex(page.body, /https?:\/\//, 'nothing is loaded from elsewhere');
  t.is((await get(`${web}/dashboard.js`)).status, 200);
  t.is((await get(`${web}/nope`)).status, 404);
});

test.serial(
  'metrics follow the queries: by type, rcode and transport, latency, cache, replication',
  async (t) => {
    const { web, node } = t.context.n;
    const before = (await get(`${web}/metrics`, WEB_KEY)).body;
    const soaUdp = 'dns_node_queries_total{transport="udp",opcode="QUERY",qtype="SOA",rcode="NOERROR"}';
    const start = sample(before, soaUdp) ?? 0;
    for (let i = 0; i < 20; i++) await query('web0.test', 'SOA', { port: node.dnsPort });
    for (let i = 0; i < 3; i++) await query('nope.web1.test', 'AAAA', { port: node.dnsPort, tcp: true });
    await query('elsewhere.invalid', 'A', { port: node.dnsPort });
    const m = (await get(`${web}/metrics`, WEB_KEY)).body;
    t.is(sample(m, soaUdp), start + 20);
    t.is(
      sample(m, 'dns_node_queries_total{transport="tcp",opcode="QUERY",qtype="AAAA",rcode="NXDOMAIN"}'),
      3,
    );
    t.is(sample(m, 'dns_node_queries_total{transport="udp",opcode="QUERY",qtype="A",rcode="REFUSED"}'), 1);
    t.regex(m, /# TYPE dns_node_query_duration_seconds histogram/);
    t.true(
      (sample(m, 'dns_node_query_duration_seconds_count{transport="udp"}') ?? 0) >= 2,
      'one query in 8 is timed',
    );
    t.truthy(sample(m, 'dns_node_query_duration_seconds_bucket{transport="udp",le="+Inf"}'));
    t.true((sample(m, 'dns_node_packet_cache_hits_total') ?? 0) >= 18, 'repeated questions hit the cache');
    t.true((sample(m, 'dns_node_packet_cache_misses_total') ?? 0) >= 1);
    t.true((sample(m, 'dns_node_applied_sequence') ?? 0) >= 8);
    t.is(sample(m, 'dns_node_replication_lag_events'), 0);
    t.is(sample(m, 'dns_node_replication_lag_seconds'), 0);
    t.is(sample(m, 'dns_node_stream_connected'), 1);
    t.is(sample(m, 'dns_node_ready'), 1);
    t.is(sample(m, 'dns_node_zones'), 2);
    t.is(sample(m, 'dns_node_events_applied_total{kind="zone-updated"}'), 6);
    t.is(sample(m, 'dns_node_errors_total{kind="handler"}'), 0);
    t.true((sample(m, 'dns_node_response_bytes_total{transport="tcp"}') ?? 0) > 0);
    t.regex(m, /target_info\{[^}]*service_name="shoal-node"[^}]*service_instance_id="web-1"/);
    // Every name follows the Prometheus conventions: snake case, units and _total suffixes.
    for (const line of m.split('\n').filter((l) => l.startsWith('# TYPE'))) {
      const [, , name, type] = line.split(' ');
      t.regex(name, /^[a-z_][a-z0-9_]*$/, name);
      if (type === 'counter') t.regex(name, /_total$/, name);
    }
  },
);

test.serial(
  'TCP queries are counted too, and a runt packet counts as dropped, not as an error',
  async (t) => {
    const { web, node } = t.context.n;
    await tcpExchange(buildQuery('web1.test', 'NS'), node.dnsPort);
    t.is(await udpExchange(new Uint8Array([1, 2, 3]), node.dnsPort, '127.0.0.1', 300), undefined);
    const m = (await get(`${web}/metrics`, WEB_KEY)).body;
    t.is(sample(m, 'dns_node_queries_total{transport="tcp",opcode="QUERY",qtype="NS",rcode="NOERROR"}'), 1);
    t.is(
      sample(m, 'dns_node_queries_total{transport="udp",opcode="QUERY",qtype="none",rcode="no_reply"}'),
      1,
    );
    t.is(sample(m, 'dns_node_errors_total{kind="handler"}'), 0);
  },
);

test.serial('the status API and its event stream carry live numbers and recent changes', async (t) => {
  const { web, node } = t.context.n;
  const status = (await get(`${web}/api/v1/status`, WEB_KEY)).json<{
    node: string;
    queries: number;
    changes: { zone: string; kind: string; actor?: string }[];
    top_types: unknown[];
  }>();
  t.is(status.node, 'web-1');
  t.true(status.queries > 20);
  t.is(status.changes.length, 8);
  t.like(status.changes[0], { kind: 'updated', actor: 'load' });
  // Traffic while the stream is open shows up in the next stats event, and a new change at once.
  const events = readEvents(
    `${web}/api/v1/events`,
    WEB_KEY,
    (es) => es.some((e) => e.event === 'change') && es.filter((e) => e.event === 'stats').length >= 3,
  );
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 30; i++) await query('web1.test', 'SOA', { port: node.dnsPort });
  await loadSyntheticHistory(t.context.nats.url, { zones: 1, changesPerZone: 0, zonePrefix: 'web-new' });
  const got = await events;
  t.is(got[0].event, 'changes', 'the recent changes come first');
  const stats = got.filter((e) => e.event === 'stats').map((e) => e.data as { queries: number; qps: number });
  t.true(stats[stats.length - 1].queries >= stats[0].queries + 30);
  const change = got.find((e) => e.event === 'change')!.data as { zone: string; kind: string }[];
  t.like(change[0], { zone: 'web-new0.test.', kind: 'created' });
});
