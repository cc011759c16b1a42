import { encodeMessage, Name, queryMessage, RRType } from '@shoal/dns-wire';
import test from 'ava';
import type { QueryContext, QueryResult } from '../frontend/index.js';
import { counterIndex, OPCODE_SLOT, QTYPE_SLOT, RCODE_NO_REPLY } from './labels.js';
import { LATENCY_SAMPLE_EVERY, type QueryLogEntry, QueryMeter } from './query-meter.js';

const udp: QueryContext = { transport: 'udp', remoteAddress: '192.0.2.1', remotePort: 5353 };
const tcp: QueryContext = { transport: 'tcp', remoteAddress: '192.0.2.1', remotePort: 5353 };

function query(name: string, type: number): Uint8Array {
  return encodeMessage(queryMessage(Name.parse(name), type, { id: 7 }));
}

/** A reply: the query with QR set and the given RCODE (and TC when asked). */
function reply(q: Uint8Array, rcode: number, tc = false): Uint8Array {
  const r = q.slice();
  r[2] |= 0x80 | (tc ? 0x02 : 0);
  r[3] = (r[3] & 0xf0) | rcode;
  return r;
}

test('synchronous replies are counted by transport, type and rcode, and timed', (t) => {
  const meter = new QueryMeter();
  const handler = meter.wrap((q) => reply(q, 3));
  const q = query('nx.example.test.', RRType.A);
  t.deepEqual(handler(q, udp), reply(q, 3));
  handler(q, udp);
  handler(query('example.test.', RRType.SOA), tcp);
  t.is(meter.counters[counterIndex(0, 0, QTYPE_SLOT[RRType.A], 3)], 2);
  t.is(meter.counters[counterIndex(1, 0, QTYPE_SLOT[RRType.SOA], 3)], 1);
  t.is(meter.total, 3);
  t.is(meter.responseBytes[0], 2 * q.length);
});

test('one query in LATENCY_SAMPLE_EVERY is timed', (t) => {
  const meter = new QueryMeter();
  const handler = meter.wrap((q) => reply(q, 0));
  for (let i = 0; i < 3 * LATENCY_SAMPLE_EVERY; i++) handler(query('a.test.', RRType.A), i % 2 ? udp : tcp);
  t.is(meter.latency[0].count + meter.latency[1].count, 3);
  t.true(meter.latency[0].sum + meter.latency[1].sum > 0);
});

test('dropped queries count as no_reply; truncation is counted', (t) => {
  const meter = new QueryMeter();
  meter.wrap(() => null)(query('a.test.', RRType.A), udp);
  meter.wrap((q) => reply(q, 0, true))(query('a.test.', RRType.TXT), udp);
  t.is(meter.counters[counterIndex(0, 0, QTYPE_SLOT[RRType.A], RCODE_NO_REPLY)], 1);
  t.is(meter.truncated[0], 1);
});

test('a throwing handler is counted as an error and the error propagates', (t) => {
  const meter = new QueryMeter();
  const handler = meter.wrap(() => {
    throw new Error('boom');
  });
  const err = t.throws(() => handler(query('a.test.', RRType.A), udp), { message: 'boom' });
  t.is(meter.errors[0], 1);
  // The front end reports the same error again: it is not a socket error.
  meter.noteFrontendError(err);
  t.is(meter.errors[1], 0);
  meter.noteFrontendError(new Error('EPIPE'));
  t.is(meter.errors[1], 1);
});

test('promised replies are counted when they resolve', async (t) => {
  const meter = new QueryMeter();
  const q = query('a.test.', RRType.A);
  const result = await meter.wrap(async (x) => reply(x, 0))(q, tcp);
  t.deepEqual(result, reply(q, 0));
  t.is(meter.counters[counterIndex(1, 0, QTYPE_SLOT[RRType.A], 0)], 1);
});

test('streams (zone transfers) pass through unchanged, counted once, timed to the end', async (t) => {
  const meter = new QueryMeter();
  const q = query('example.test.', RRType.AXFR);
  const messages = [reply(q, 0), reply(q, 0), reply(q, 0)];
  const result = (await meter.wrap(() =>
    (async function* () {
      yield* messages;
    })(),
  )(q, tcp)) as QueryResult;
  const got: Uint8Array[] = [];
  for await (const m of result as AsyncIterable<Uint8Array>) got.push(m);
  t.deepEqual(got, messages);
  t.is(meter.counters[counterIndex(1, OPCODE_SLOT[0], QTYPE_SLOT[RRType.AXFR], 0)], 1);
  t.is(meter.transferMessages[0], 3);
  t.is(meter.transferSeconds.count, 1);
  t.is(meter.responseBytes[1], 3 * q.length);
});

test('query logging samples at the configured rate and can be turned off', (t) => {
  const meter = new QueryMeter();
  const logged: QueryLogEntry[] = [];
  const handler = meter.wrap((q) => reply(q, 0));
  meter.setQueryLog((e) => logged.push(e), 1);
  handler(query('Log.Example.', RRType.MX), udp);
  t.is(logged.length, 1);
  t.like(logged[0], {
    qname: 'log.example.',
    qtype: RRType.MX,
    rcode: 0,
    transport: 'udp',
    client: '192.0.2.1',
  });
  meter.setQueryLog((e) => logged.push(e), 0.25);
  for (let i = 0; i < 4000; i++) handler(query('a.', RRType.A), udp);
  t.true(logged.length > 1 + 700 && logged.length < 1 + 1300, `sampled ${logged.length - 1} of 4000 at 0.25`);
  meter.setQueryLog(undefined, 0);
  const before = logged.length;
  handler(query('a.', RRType.A), udp);
  t.is(logged.length, before);
});

test('top names are sampled from the traffic', (t) => {
  const meter = new QueryMeter();
  const handler = meter.wrap((q) => reply(q, 0));
  for (let i = 0; i < 320; i++) handler(query(i % 5 === 0 ? 'rare.test.' : 'Hot.Test.', RRType.A), udp);
  const top = meter.topNames.top(2);
  t.is(top.length, 2);
  t.is(top[0].name, 'hot.test.');
  t.is(top[1].name, 'rare.test.');
  t.true(top[0].count > top[1].count);
});
