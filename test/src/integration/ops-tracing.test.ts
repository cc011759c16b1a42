/**
 * One trace across processes: a gRPC write with a W3C traceparent → the admin's server span →
 * the event's NATS `traceparent` header → the projection on each node. Spans are exported by
 * both services over OTLP/HTTP JSON to a tiny collector run by the test.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, waitFor } from '../harness/index.js';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** Receives OTLP/HTTP JSON trace exports and keeps the spans. */
class Collector {
  readonly spans: ExportedSpan[] = [];
  requests = 0;
  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Collector> {
    let collector!: Collector;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        collector.requests++;
        if (req.url === '/v1/traces' && (req.headers['content-type'] ?? '').startsWith('application/json')) {
          collector.take(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    collector = new Collector(server, `http://127.0.0.1:${port}`);
    return collector;
  }

  private take(body: {
    resourceSpans?: {
      resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
      scopeSpans?: { spans?: ExportedSpan[] }[];
    }[];
  }): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            service,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
          });
        }
      }
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const test = anyTest as TestFn<{
  nats: NatsServer;
  collector: Collector;
  admin: AdminProcess;
  node: NodeProcess;
}>;

test.before(async (t) => {
  const collector = await Collector.start();
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url, { env: { ...otel, SHOAL_FLEET_WEB_LISTEN: 'off' } });
  const node = await NodeProcess.start(nats.url, {
    nodeId: 'trace-1',
    env: { ...otel, SHOAL_WEB_LISTEN: 'off' },
  });
  t.context = { nats, collector, admin, node };
});

test.after.always(async (t) => {
  await t.context.node?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
  await t.context.collector?.close();
});

test.serial('a write carries one trace id from the gRPC call through the event to the nodes', async (t) => {
  const { admin, node, nats, collector } = t.context;
  const traceId = randomBytes(16).toString('hex');
  const client = admin.client();
  client.metadata.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
  const created = await client.createZone({
    name: 'trace.test',
    nameservers: ['ns1.trace.test.'],
    rrsets: [{ name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] }],
    options: { requestId: 'trace-create', reason: 'tracing test' },
  });
  client.close();
  await waitFor(
    'served',
    async () => (await query('trace.test', 'SOA', { port: node.dnsPort })).answers.length === 1,
  );

  // The admin's server span continues the caller's trace and is exported over OTLP.
  const adminSpan = await waitFor('admin span exported', () =>
    // (The admin's own projection also joins the trace; pick the gRPC server span.)
    collector.spans.find(
      (s) => s.service === 'shoal-admin' && s.traceId === traceId && s.name.startsWith('dns.admin.v1/'),
    ),
  );
  t.is(adminSpan.name, 'dns.admin.v1/CreateZone');

  // The stored event carries the trace context in its NATS headers, with the same trace id.
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage('DNS', { seq: created.sequence });
    const header = stored?.header?.get('traceparent') ?? '';
    t.regex(header, new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`), 'traceparent header on the event');
    t.is(header.split('-')[2], adminSpan.spanId, 'the header names the admin span as parent');
  } finally {
    await nc.close();
  }

  // The projection span on the node joins the same trace, as a child of the span in the header.
  const nodeSpan = await waitFor(
    'node span exported',
    () => collector.spans.find((s) => s.service === 'shoal-node' && s.traceId === traceId),
    15_000,
    100,
  );
  t.is(nodeSpan.traceId, traceId);
  t.truthy(nodeSpan.parentSpanId, 'a child of the span in the header');
});
