/**
 * Robustness of the answer path against malformed and hostile queries: "malformed packets get
 * FORMERR or are dropped, never a crash". Thousands of packets, made deterministically from a
 * seed (test-support/hostile-packets.ts), go through responders of every configuration the
 * node can run, over UDP and TCP. Whatever comes back must be a reply a client can read and
 * trust: our own decoder accepts it, it answers this query (QR, ID, opcode, question), and a
 * UDP reply fits what the client said it can receive.
 *
 * SHOAL_FUZZ_SEED and SHOAL_FUZZ_COUNT run other or more packets when hunting by hand; the
 * defaults keep the run to a few seconds.
 */
import { decodeMessage, EdnsOptionCode, type Message, Rcode } from '@shoal/dns-wire';
import test from 'ava';
import { ServerCookies } from './cookies/index.js';
import { Responder, type Transport } from './responder.js';
import { queryBytes } from './test-support/exchange.js';
import { loadFixtureCatalog } from './test-support/fixtures.js';
import {
  craftedPackets,
  type HostilePacket,
  mutatedPackets,
  Rng,
  toHex,
  truncations,
  validQuery,
} from './test-support/hostile-packets.js';
import { NSEC3, signedFixture } from './test-support/signed.js';

const SEED = Number(process.env.SHOAL_FUZZ_SEED ?? 0x5eed);
const COUNT = Number(process.env.SHOAL_FUZZ_COUNT ?? 3000);
const TRANSPORTS: readonly Transport[] = ['udp', 'tcp'];
const MIN_UDP = 512;

/** Names that reach every kind of lookup outcome in the fixtures, and some that reach none. */
const NAMES = [
  'www.example.test.',
  'example.test.',
  'MixedCase.example.test.',
  'nothere.example.test.',
  'alias.example.test.',
  'loop1.example.test.',
  'c01.example.test.',
  'host.sub.example.test.',
  'www.child.example.test.',
  'manya.big.test.',
  'bigtxt.big.test.',
  'big.test.',
  'x.y.wild.test.',
  'wild.test.',
  'www.redir.dname.test.',
  'dname.test.',
  'WWW.case.test.',
  'a.WILD.case.test.',
  'version.bind.',
  'id.server.',
  'elsewhere.invalid.',
  '.',
];

const catalog = loadFixtureCatalog();
// Signed zones too: DO queries then take the DNSSEC paths (signatures, NSEC and NSEC3 proofs).
catalog.set(signedFixture('wild.test', NSEC3).zone);
catalog.set(signedFixture('dname.test').zone);

const secret = Uint8Array.from(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
const nsid = new TextEncoder().encode('fuzz-node');
const chaos = { version: 'shoal fuzz', id: 'fuzz-node' };

interface Subject {
  name: string;
  responder: Responder;
}

/** The configurations a node can run with: each takes a different path through respond(). */
const subjects: Subject[] = [
  { name: 'cached', responder: new Responder(catalog, { nsid, chaos }) },
  { name: 'uncached', responder: new Responder(catalog, { nsid, chaos, packetCache: false }) },
  ...(['cookies', 'cookies required'] as const).flatMap((name) => {
    const cookies = () =>
      new ServerCookies({ secrets: [secret], requireOverUdp: name === 'cookies required' });
    return [
      { name, responder: new Responder(catalog, { cookies: cookies() }) },
      {
        name: `${name}, uncached`,
        responder: new Responder(catalog, { cookies: cookies(), packetCache: false }),
      },
    ];
  }),
  {
    name: 'udp 512, ANY answered',
    responder: new Responder(catalog, { maxUdpPayload: 512, anyOverUdp: 'answer' }),
  },
  { name: 'udp 65535', responder: new Responder(catalog, { maxUdpPayload: 65535, nsid }) },
];

/**
 * Pairs whose replies must mean the same: the packet cache is an optimisation, so a cached
 * reply may never say other than the one built afresh.
 */
const twins: readonly [string, string][] = [
  ['cached', 'uncached'],
  ['cookies', 'cookies, uncached'],
  ['cookies required', 'cookies required, uncached'],
];

const KNOWN_RCODES = new Set<number>(Object.values(Rcode));

function tryDecode(bytes: Uint8Array): Message | undefined {
  try {
    return decodeMessage(bytes);
  } catch {
    return undefined;
  }
}

/** The largest UDP reply this query allows: RFC 1035 §4.2.1 without EDNS, RFC 6891 §6.2.5 with it. */
function udpLimit(query: Message | undefined, responder: Responder): number {
  const offered = query?.edns?.udpPayloadSize;
  if (offered === undefined) return MIN_UDP;
  return Math.max(MIN_UDP, Math.min(offered, responder.maxUdpPayload));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** ASCII letters folded to lower case (RFC 4343), everything else as is, in hex. */
function folded(bytes: Uint8Array): string {
  return toHex(bytes.map((c) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c)));
}

/**
 * A reply as a client understands it. A cached reply carries the question as this client
 * spelled it, and names compressed against it read in that spelling, where a fresh reply may
 * spell them as the zone does: the same names to DNS (RFC 4343), so letter case is folded.
 */
function meaning(reply: Uint8Array | null): string {
  if (reply === null) return 'no reply';
  const m = tryDecode(reply);
  if (m === undefined) return `undecodable ${toHex(reply)}`;
  const rr = (r: Message['answers'][number]) =>
    `${folded(r.name.toWire())} ${r.type} ${r.class} ${r.ttl} ${folded(r.rdata)}`;
  return JSON.stringify({
    id: m.id,
    flags: [m.qr, m.opcode, m.aa, m.tc, m.rd, m.ra, m.z, m.ad, m.cd, m.rcode],
    question: m.questions.map((q) => `${folded(q.name.toWire())} ${q.type} ${q.class}`),
    answer: m.answers.map(rr),
    authority: m.authorities.map(rr),
    additional: m.additionals.map(rr),
    // A server cookie carries the time (RFC 9018 §4.3): two replies a second apart differ there.
    edns: m.edns && {
      ...m.edns,
      options: m.edns.options.map(
        (o) =>
          `${o.code}:${toHex(o.code === EdnsOptionCode.COOKIE ? o.data.subarray(0, 8) : o.data)}/${o.data.length}`,
      ),
    },
  });
}

/** What is wrong with `reply` as the answer to `query`; empty when nothing is. */
function problems(
  query: Uint8Array,
  reply: Uint8Array | null,
  transport: Transport,
  responder: Responder,
): string[] {
  const out: string[] = [];
  const silent = query.length < 12 || (query[2] & 0x80) !== 0;
  if (reply === null) return out;
  if (silent) return [`a reply (${toHex(reply)}) to a packet that must be dropped`];
  let message: Message;
  try {
    message = decodeMessage(reply);
  } catch (error) {
    return [`reply does not decode: ${String(error)}; reply ${toHex(reply)}`];
  }
  const asked = tryDecode(query);
  const id = (query[0] << 8) | query[1];
  if (!message.qr) out.push('QR clear in the reply');
  if (message.id !== id) out.push(`ID ${message.id}, query had ${id}`);
  if (message.opcode !== ((query[2] >> 3) & 0xf)) out.push(`opcode ${message.opcode} not echoed`);
  if (message.rd !== ((query[2] & 1) !== 0)) out.push('RD not echoed');
  if (!KNOWN_RCODES.has(message.rcode)) out.push(`unknown RCODE ${message.rcode}`);
  if (message.rcode === Rcode.FORMERR && message.answers.length > 0)
    out.push(`FORMERR with ${message.answers.length} answer records`);
  if (transport === 'udp' && reply.length > udpLimit(asked, responder))
    out.push(`UDP reply of ${reply.length} octets, limit ${udpLimit(asked, responder)}`);
  if (message.questions.length > 1) out.push(`${message.questions.length} questions in the reply`);
  const echoed = message.questions[0];
  if (echoed !== undefined) {
    const original = asked?.questions.length === 1 ? asked.questions[0] : undefined;
    if (
      original === undefined ||
      !sameBytes(echoed.name.toWire(), original.name.toWire()) ||
      echoed.type !== original.type ||
      echoed.class !== original.class
    )
      out.push('the question is not the one asked');
  }
  // RFC 6891 §7: OPT in the reply exactly when the query had one (known only when it decodes).
  if (asked !== undefined && (asked.edns !== undefined) !== (message.edns !== undefined))
    out.push(asked.edns ? 'the query had an OPT, the reply has none' : 'an OPT in reply to a query without');
  return out;
}

interface Failure {
  subject: string;
  transport: Transport;
  label: string;
  query: string;
  problem: string;
}

/** Every packet through every subject and transport; the failures, with what reproduces them. */
function run(
  packets: readonly HostilePacket[],
  among: readonly Subject[] = subjects,
  pairs: readonly [string, string][] = twins,
): { failures: Failure[]; replies: number } {
  const failures: Failure[] = [];
  let replies = 0;
  for (const packet of packets) {
    for (const transport of TRANSPORTS) {
      const got = new Map<string, Uint8Array | null>();
      for (const { name, responder } of among) {
        const note = (problem: string) =>
          failures.push({
            subject: name,
            transport,
            label: packet.label,
            query: toHex(packet.bytes),
            problem,
          });
        let reply: Uint8Array | null;
        try {
          reply = responder.respond(packet.bytes, transport, '192.0.2.77');
        } catch (error) {
          note(`threw: ${error instanceof Error ? error.stack : String(error)}`);
          continue;
        }
        if (reply !== null) replies++;
        got.set(name, reply);
        for (const problem of problems(packet.bytes, reply, transport, responder)) note(problem);
      }
      for (const [a, b] of pairs) {
        const ra = got.get(a);
        const rb = got.get(b);
        if (ra === undefined || rb === undefined) continue;
        if (meaning(ra) !== meaning(rb))
          failures.push({
            subject: `${a} vs ${b}`,
            transport,
            label: packet.label,
            query: toHex(packet.bytes),
            problem: `replies differ: ${ra && toHex(ra)} vs ${rb && toHex(rb)}`,
          });
      }
    }
  }
  return { failures, replies };
}

/** A readable report of the first failures; ava prints it when the assertion fails. */
function report(failures: readonly Failure[]): string[] {
  return failures
    .slice(0, 15)
    .map((f) => `[${f.subject}/${f.transport}] ${f.label}\n  query ${f.query}\n  ${f.problem}`);
}

test('hand-made malformed packets: no throw, every reply well formed', (t) => {
  const packets = craftedPackets();
  const started = performance.now();
  const { failures, replies } = run(packets);
  t.log(`${packets.length} packets, ${replies} replies, ${Math.round(performance.now() - started)} ms`);
  t.deepEqual(report(failures), [], `${failures.length} failures`);
});

test('every truncation of valid queries: no throw, every reply well formed', (t) => {
  const rng = new Rng(SEED ^ 0x7a11);
  const whole = Array.from({ length: 16 }, () => validQuery(rng, NAMES));
  const packets = truncations(whole);
  const started = performance.now();
  const { failures, replies } = run(packets);
  t.log(`${packets.length} packets, ${replies} replies, ${Math.round(performance.now() - started)} ms`);
  t.deepEqual(report(failures), [], `${failures.length} failures`);
});

test('mutated queries: no throw, every reply well formed, cached replies as built afresh', (t) => {
  const rng = new Rng(SEED);
  const packets = mutatedPackets(rng, NAMES, COUNT);
  const started = performance.now();
  const { failures, replies } = run(packets);
  t.log(
    `seed ${SEED}: ${packets.length} packets, ${replies} replies, ${Math.round(performance.now() - started)} ms`,
  );
  t.deepEqual(report(failures), [], `${failures.length} failures`);
});

/*
 * Found by this fuzzer, and fixed: the packet-cache key told UDP from TCP only by the reply's
 * size limit, and with `maxUdpPayload: 65535` (a valid dns.max_udp_payload) a client offering
 * 65535 over UDP got the same limit as TCP. Replies crossed transports: the TC-only reply to ANY
 * over UDP was served over TCP, so a client retrying over TCP never got the answer, and
 * edns-tcp-keepalive leaked into UDP replies. The key now carries the transport. First seen as
 * this mutated packet (seed 8, 30000 packets), ANY over TCP answered TC:
 * 9c9c0000000100000000000103777777076578616d706c6504746573740000ff0001000029ffff00000000001000030000000a00080807060504030201
 */
const wide = (): Responder => new Responder(catalog, { maxUdpPayload: 65535, nsid });

test('with maxUdpPayload 65535, ANY over TCP is answered, not given the TC reply cached for UDP', (t) => {
  const responder = wide();
  const any = queryBytes('www.example.test.', 'ANY', { edns: 65535 });
  t.true(decodeMessage(responder.respond(any, 'udp')!).tc, 'ANY over UDP: TC, ask again over TCP');
  const overTcp = decodeMessage(responder.respond(any, 'tcp')!);
  t.false(overTcp.tc, 'ANY over TCP: the answer, not TC again');
  t.is(overTcp.answers.length, 3);
});

test('with maxUdpPayload 65535, edns-tcp-keepalive stays on its transport through the cache', (t) => {
  const keepalive = queryBytes('www.example.test.', 'A', {
    edns: 65535,
    options: [{ code: EdnsOptionCode.TCP_KEEPALIVE, data: new Uint8Array(0) }],
  });
  const hasKeepalive = (reply: Uint8Array | null) =>
    decodeMessage(reply!).edns!.options.some((o) => o.code === EdnsOptionCode.TCP_KEEPALIVE);
  const tcpFirst = wide();
  tcpFirst.respond(keepalive, 'tcp');
  const udpFirst = wide();
  udpFirst.respond(keepalive, 'udp');
  t.deepEqual(
    {
      'UDP after TCP': hasKeepalive(tcpFirst.respond(keepalive, 'udp')),
      'TCP after UDP': hasKeepalive(udpFirst.respond(keepalive, 'tcp')),
    },
    // RFC 7828: the option is TCP's; a UDP reply does not carry it.
    { 'UDP after TCP': false, 'TCP after UDP': true },
  );
});

test('with maxUdpPayload 65535, mutated queries: cached replies as built afresh', (t) => {
  const among: Subject[] = [
    { name: 'udp 65535', responder: wide() },
    {
      name: 'udp 65535, uncached',
      responder: new Responder(catalog, { maxUdpPayload: 65535, nsid, packetCache: false }),
    },
  ];
  const { failures } = run(mutatedPackets(new Rng(SEED), NAMES, COUNT), among, [
    ['udp 65535', 'udp 65535, uncached'],
  ]);
  t.deepEqual(report(failures), [], `${failures.length} failures`);
});
