/**
 * Response rate limiting over UDP against a real node: a burst of one question from one
 * client is answered up to the rate, then every second reply goes out truncated (TC, no
 * records) and the others are dropped; TCP, other client networks' and other questions'
 * buckets are untouched; the counts are in /metrics.
 */
import { decodeMessage, EdnsOptionCode, Rcode } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import {
  buildQuery,
  loadSyntheticHistory,
  NatsServer,
  query,
  udpExchange,
  waitFor,
} from '../harness/index.js';
import { get, sample, startWebNode, WEB_KEY, type WebNode } from './ops-support.js';

const test = anyTest as TestFn<{ nats: NatsServer; n: WebNode }>;
const RATE = 10;

test.before(async (t) => {
  const nats = await NatsServer.start();
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 1, zonePrefix: 'rrl' });
  const n = await startWebNode(nats.url, { env: { SHOAL_RRL_RESPONSES_PER_SECOND: String(RATE) } });
  t.context = { nats, n };
  await waitFor(
    'zone served',
    async () => (await query('rrl0.test.', 'SOA', { port: n.node.dnsPort })).rcode === Rcode.NOERROR,
  );
  // Let the bucket the readiness queries used fill up again.
  await new Promise((r) => setTimeout(r, 1100));
});

test.after.always(async (t) => {
  await t.context.n?.node.dispose();
  await t.context.nats?.dispose();
});

test.serial('a burst over the rate: answered up to it, then half truncated, half dropped', async (t) => {
  const port = t.context.n.node.dnsPort;
  const replies = await Promise.all(
    Array.from({ length: 200 }, () => udpExchange(buildQuery('rrl0.test.', 'SOA'), port, '127.0.0.1', 1000)),
  );
  const messages = replies.filter((r) => r !== undefined).map((r) => decodeMessage(r!));
  const full = messages.filter((m) => !m.tc && m.answers.length === 1);
  const truncated = messages.filter((m) => m.tc && m.answers.length === 0);
  const dropped = 200 - messages.length;
  t.log(`${full.length} answered, ${truncated.length} truncated, ${dropped} dropped`);
  t.is(full.length + truncated.length, messages.length, 'every reply is an answer or a truncated stand-in');
  // The burst takes well under a second, so at most a second's worth more is earned.
  t.true(full.length >= RATE && full.length <= 2 * RATE, `${full.length} answered`);
  t.true(Math.abs(truncated.length - dropped) <= 2, 'slip 2: every second limited reply is sent truncated');
  // A truncated reply makes a real client ask over TCP, which is not limited.
  for (let i = 0; i < 20; i++) {
    const overTcp = await query('rrl0.test.', 'SOA', { port, tcp: true });
    t.is(overTcp.answers.length, 1);
  }
  // Another question has its own bucket.
  const other = await query('rrl0.test.', 'NS', { port });
  t.false(other.tc);
  const metrics = (await get(`${t.context.n.web}/metrics`, WEB_KEY)).body;
  t.is(sample(metrics, 'dns_node_rate_limited_responses_total{action="drop"}'), dropped);
  t.is(sample(metrics, 'dns_node_rate_limited_responses_total{action="slip"}'), truncated.length);
});

test.serial('the rate comes back: a second later the client is answered again', async (t) => {
  const port = t.context.n.node.dnsPort;
  await new Promise((r) => setTimeout(r, 1100));
  const reply = await query('rrl0.test.', 'SOA', { port });
  t.false(reply.tc);
  t.is(reply.answers.length, 1);
});

test.serial('a client that shows a valid server cookie is not limited: its address is proved', async (t) => {
  const port = t.context.n.node.dnsPort;
  const client = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const first = decodeMessage(
    (await udpExchange(
      buildQuery('rrl0.test.', 'SOA', {
        udpSize: 1232,
        ednsOptions: [{ code: EdnsOptionCode.COOKIE, data: client }],
      }),
      port,
    ))!,
  );
  const cookie = first.edns?.options.find((o) => o.code === EdnsOptionCode.COOKIE)?.data;
  t.is(cookie?.length, 24);
  const replies = await Promise.all(
    Array.from({ length: 100 }, () =>
      udpExchange(
        buildQuery('rrl0.test.', 'SOA', {
          udpSize: 1232,
          ednsOptions: [{ code: EdnsOptionCode.COOKIE, data: Uint8Array.from(cookie!) }],
        }),
        port,
        '127.0.0.1',
        1000,
      ),
    ),
  );
  const full = replies
    .filter((r) => r !== undefined)
    .map((r) => decodeMessage(r!))
    .filter((m) => !m.tc && m.answers.length === 1);
  t.is(full.length, 100, 'every reply sent whole');
});
