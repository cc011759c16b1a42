/**
 * Hostile traffic against a real node: "malformed packets get FORMERR or are dropped, never a
 * crash", end to end. Mutated queries go over UDP and TCP through everything in front of the
 * answer engine (zone transfers, NOTIFY, UPDATE, TSIG, the metering wrapper), TCP streams lie
 * about their framing, and afterwards the same node must still answer ordinary queries, be
 * alive, and have logged no failure. Every reply seen on the way must be one a client can read:
 * it decodes, answers the query it claims to (QR, ID), and a UDP reply fits the size allowed.
 *
 * The packets come from a seeded generator (SHOAL_FUZZ_SEED picks another run). It is a smaller
 * cousin of libs/authority's hostile-packets.ts, which this package cannot import: packages
 * only reach each other through their public entry points.
 */
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { decodeMessage, type Message, Opcode, Rcode, rcodeToString } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import { buildQuery, loadSyntheticHistory, NatsServer, query, waitFor } from '../harness/index.js';
import { get, sample, startWebNode, WEB_KEY, type WebNode } from './ops-support.js';

const test = anyTest as TestFn<{ nats: NatsServer; n: WebNode }>;

const SEED = Number(process.env.SHOAL_FUZZ_SEED ?? 0xf022);
const UDP_PACKETS = 2000;
const TCP_PACKETS = 200;
/** The node's default dns.max_udp_payload. */
const MAX_UDP = 1232;
const ZONE = 'fuzz0.test.';
/** A question none of the generated packets asks: its reply marks the end of a TCP stream's replies. */
const SENTINEL_NAME = 'sentinel.fuzz0.test.';
const SENTINEL_ID = 0xfeed;

test.before(async (t) => {
  const nats = await NatsServer.start();
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 3, zonePrefix: 'fuzz' });
  const n = await startWebNode(nats.url, { nodeId: 'fuzz-1' });
  t.context = { nats, n };
  await waitFor(
    'zone served',
    async () => (await query(ZONE, 'SOA', { port: n.node.dnsPort })).answers.length === 1,
  );
});

test.after.always(async (t) => {
  await t.context.n?.node.dispose();
  await t.context.nats?.dispose();
});

// ---- Packets. ----

/** mulberry32: the same seed makes the same packets, so a failure can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
    bytes: (n: number) => Array.from({ length: n }, () => int(256)),
  };
}
type Rng = ReturnType<typeof rng>;

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];

function withOpcode(bytes: Uint8Array, opcode: number, aa = false): number[] {
  const out = [...bytes];
  out[2] = (out[2] & 0x87) | (opcode << 3) | (aa ? 0x04 : 0);
  return out;
}

/** A TSIG record (RFC 8945 §4.2) for a key the node does not have, with a MAC of junk. */
function tsigRecord(r: Rng, id: number): number[] {
  const keyName = [3, 0x6b, 0x65, 0x79, 0];
  const algorithm = [11, ...Buffer.from('hmac-sha256'), 0];
  const mac = r.bytes(32);
  const rdata = [
    ...algorithm,
    0,
    0,
    0x65,
    0,
    0,
    0,
    ...u16(300),
    ...u16(mac.length),
    ...mac,
    ...u16(id),
    0,
    0,
    0,
    0,
  ];
  return [...keyName, ...u16(250), ...u16(255), 0, 0, 0, 0, ...u16(rdata.length), ...rdata];
}

/** Queries of every kind the node handles; mutations start from these. */
function seedQuery(r: Rng): number[] {
  const id = r.int(0x10000);
  const name = r.pick([
    ZONE,
    `ns1.${ZONE}`,
    `h1.${ZONE}`,
    `nothere.${ZONE}`,
    'elsewhere.invalid.',
    'version.bind.',
  ]);
  const type = r.pick(['A', 'AAAA', 'SOA', 'NS', 'TXT', 'ANY', 'AXFR', 'IXFR', 'DNSKEY', 'TYPE65535']);
  const edns = r.chance(0.6);
  const ednsOptions = r.pick([
    [],
    [{ code: 3, data: new Uint8Array(0) }],
    [{ code: 10, data: Uint8Array.from(r.bytes(8)) }],
    [{ code: 11, data: new Uint8Array(0) }],
    [{ code: 0xfde9, data: Uint8Array.from(r.bytes(4)) }],
  ]);
  const plain = buildQuery(name, type, {
    id,
    rd: r.chance(0.5),
    ...(edns ? { udpSize: r.pick([512, 1232, 4096, 65535]), dnssecOk: r.chance(0.5), ednsOptions } : {}),
  });
  switch (r.int(8)) {
    case 0:
      return withOpcode(plain, Opcode.NOTIFY, true);
    case 1: {
      // UPDATE (RFC 2136): zone section SOA, one record to add in the update section.
      const zone = [...buildQuery(ZONE, 'SOA', { id }).subarray(12)];
      const add = [
        ...[2, 0x6e, 0x77, 0xc0, 12],
        ...u16(1),
        ...u16(1),
        0,
        0,
        1,
        0x2c,
        ...u16(4),
        192,
        0,
        2,
        9,
      ];
      return [...u16(id), Opcode.UPDATE << 3, 0, ...u16(1), ...u16(0), ...u16(1), ...u16(0), ...zone, ...add];
    }
    case 2: {
      // A TSIG-signed query, as secondaries send for their SOA checks.
      const out = [...plain, ...tsigRecord(r, id)];
      const arcount = ((out[10] << 8) | out[11]) + 1;
      out[10] = arcount >> 8;
      out[11] = arcount & 0xff;
      return out;
    }
    default:
      return [...plain];
  }
}

const MUTATIONS: readonly ((r: Rng, p: number[]) => number[])[] = [
  (r, p) => {
    for (let n = 1 + r.int(3); n > 0; n--) p[r.int(p.length)] ^= 1 << r.int(8);
    return p;
  },
  (r, p) => {
    // Header flags and RCODE bits: the packet stays readable and goes deeper.
    p[2 + r.int(2)] ^= 1 << r.int(8);
    return p;
  },
  (r, p) => {
    // The tail, where the OPT or TSIG record is: lengths, versions, option codes.
    const at = p.length - 1 - r.int(Math.min(p.length, 24));
    p[at] = r.pick([0, 1, 0x0a, 0x0b, 0x29, 0xff, r.int(256)]);
    return p;
  },
  (r, p) => {
    for (let n = 1 + r.int(4); n > 0; n--)
      p[r.int(p.length)] = r.pick([0, 0x3f, 0x40, 0xc0, 0xff, r.int(256)]);
    return p;
  },
  (r, p) => {
    // A header count or another 16-bit field set to a value that stresses it.
    const at = r.chance(0.5) ? r.pick([4, 6, 8, 10]) : r.int(p.length - 1);
    const value = r.pick([0, 1, 2, 41, 0xc00c, 0x8000, 0xffff, r.int(0x10000)]);
    p[at] = value >> 8;
    p[at + 1] = value & 0xff;
    return p;
  },
  (r, p) => p.slice(0, r.int(p.length)),
  (r, p) => [...p, ...r.bytes(1 + (r.chance(0.8) ? r.int(16) : r.int(600)))],
  (r, p) => {
    // The question name replaced by a compression pointer anywhere (loops, forward, into the header).
    const target = r.int(0x4000);
    return [...p.slice(0, 12), 0xc0 | (target >> 8), target & 0xff, ...p.slice(12 + 1 + r.int(12))];
  },
  (r, p) => {
    // A first label too long for a name (64..255), or an extended label type.
    p[12] = 64 + r.int(192);
    return p;
  },
  (r, p) => {
    // Labels past the 255-octet limit in front of the name.
    const labels = Array.from({ length: 4 + r.int(4) }, () => [63, ...new Array(63).fill(0x61)]).flat();
    return [...p.slice(0, 12), ...labels, ...p.slice(12)];
  },
  (r) => r.bytes(r.int(80)),
];

interface Packet {
  bytes: Uint8Array;
  hex: string;
}

function hostilePackets(r: Rng, count: number): Packet[] {
  const out: Packet[] = [];
  for (let i = 0; i < count; i++) {
    let p = seedQuery(r);
    // A few left whole, so that transfers, NOTIFY, UPDATE and TSIG also run to their ends.
    const mutations = r.chance(0.1) ? 0 : r.chance(0.7) ? 1 : 2 + r.int(2);
    for (let n = mutations; n > 0; n--) p = r.pick(MUTATIONS)(r, p);
    // Most packets keep QR clear: a response is dropped on sight and tests nothing further.
    if (p.length > 2 && r.chance(0.9)) p[2] &= 0x7f;
    const bytes = Uint8Array.from(p);
    out.push({ bytes, hex: Buffer.from(bytes).toString('hex') });
  }
  return out;
}

// ---- Checks. ----

function tryDecode(bytes: Uint8Array): Message | undefined {
  try {
    return decodeMessage(bytes);
  } catch {
    return undefined;
  }
}

/** No reply may come to these: too short for a header, or a response (QR set). */
const mustDrop = (q: Uint8Array) => q.length < 12 || (q[2] & 0x80) !== 0;

/** What is wrong with `reply` to `q`, if anything. */
function problem(q: Uint8Array, reply: Uint8Array, transport: 'udp' | 'tcp'): string | undefined {
  if (mustDrop(q)) return 'a reply to a packet that must be dropped';
  const m = tryDecode(reply);
  if (m === undefined) return `undecodable reply ${Buffer.from(reply).toString('hex')}`;
  if (!m.qr) return 'QR clear in a reply';
  if (m.id !== ((q[0] << 8) | q[1])) return `reply ID ${m.id} for query ID ${(q[0] << 8) | q[1]}`;
  if (m.rcode === Rcode.FORMERR && m.answers.length > 0) return 'FORMERR with answers';
  if (transport === 'udp') {
    const offered = tryDecode(q)?.edns?.udpPayloadSize;
    const limit = offered === undefined ? 512 : Math.max(512, Math.min(offered, MAX_UDP));
    if (reply.length > limit) return `UDP reply of ${reply.length} octets, ${limit} allowed`;
  }
  return undefined;
}

/** One UDP exchange from a socket of its own, so that a reply cannot be taken for another's. */
function udpAsk(bytes: Uint8Array, port: number, timeoutMs: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    let settled = false;
    const done = (reply?: Uint8Array) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(), timeoutMs);
    sock.once('message', (msg) => done(new Uint8Array(msg)));
    sock.once('error', () => done());
    sock.send(bytes, port, '127.0.0.1');
  });
}

const frame = (bytes: Uint8Array) => Buffer.concat([Buffer.from(u16(bytes.length)), bytes]);

/**
 * A TCP connection that collects framed replies. `until` says when enough has come; the
 * connection is then destroyed, as it is after `timeoutMs` or when the node closes it.
 */
function tcpSession(
  port: number,
  send: (sock: Socket) => void | Promise<void>,
  until: (replies: Uint8Array[]) => boolean,
  timeoutMs = 5000,
): Promise<{ replies: Uint8Array[]; closedByNode: boolean }> {
  return new Promise((resolve) => {
    const replies: Uint8Array[] = [];
    let buf = Buffer.alloc(0);
    let settled = false;
    const sock = connect(port, '127.0.0.1');
    const finish = (closedByNode: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ replies, closedByNode });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('connect', () => void Promise.resolve(send(sock)).catch(() => finish(true)));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        replies.push(new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0))));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (until(replies)) finish(false);
    });
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
  });
}

const sentinel = () => buildQuery(SENTINEL_NAME, 'TXT', { id: SENTINEL_ID });
const isSentinelReply = (reply: Uint8Array) => {
  const m = tryDecode(reply);
  return m?.id === SENTINEL_ID && m.questions[0]?.name.toString() === SENTINEL_NAME;
};
const sawSentinel = (replies: Uint8Array[]) => replies.some(isSentinelReply);

// ---- Tests. ----

test.serial('UDP: 2,000 mutated packets, every reply well formed or none', async (t) => {
  t.timeout(60_000);
  const port = t.context.n.node.dnsPort;
  const packets = hostilePackets(rng(SEED), UDP_PACKETS);
  const failures: string[] = [];
  const rcodes = new Map<string, number>();
  let silent = 0;
  let next = 0;
  const started = Date.now();
  // A few dozen exchanges in flight: the node is loaded, the loopback buffers are not overrun.
  const worker = async () => {
    for (let i = next++; i < packets.length; i = next++) {
      const { bytes, hex } = packets[i];
      const reply = await udpAsk(bytes, port, 300);
      if (reply === undefined) {
        silent++;
        continue;
      }
      const wrong = problem(bytes, reply, 'udp');
      if (wrong) failures.push(`${wrong}\n  query ${hex}\n  reply ${Buffer.from(reply).toString('hex')}`);
      const rcode = tryDecode(reply)?.rcode;
      const key = rcode === undefined ? 'undecodable' : rcodeToString(rcode);
      rcodes.set(key, (rcodes.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 48 }, worker));
  t.log(
    `seed ${SEED}: ${packets.length} packets in ${Date.now() - started} ms, ${silent} unanswered,`,
    Object.fromEntries(rcodes),
  );
  t.deepEqual(failures.slice(0, 10), [], `${failures.length} bad replies`);
  t.true(t.context.n.node.process.running, 'the node is still running');
});

test.serial('TCP: 200 mutated packets pipelined on a few connections, replies well formed', async (t) => {
  t.timeout(60_000);
  const port = t.context.n.node.dnsPort;
  const packets = hostilePackets(rng(SEED ^ 0x7c9), TCP_PACKETS);
  const failures: string[] = [];
  let replies = 0;
  const perConnection = 25;
  for (let c = 0; c * perConnection < packets.length; c++) {
    const batch = packets.slice(c * perConnection, (c + 1) * perConnection);
    const session = await tcpSession(
      port,
      (sock) => void sock.write(Buffer.concat([...batch.map((p) => frame(p.bytes)), frame(sentinel())])),
      sawSentinel,
    );
    for (const reply of session.replies) {
      if (isSentinelReply(reply)) continue;
      replies++;
      // Replies may come out of order (RFC 7766 §6.2.1.1), and two packets may share an ID:
      // a reply is good when it is a good reply to one of the packets with its ID.
      const id = tryDecode(reply)?.id;
      const candidates = batch.filter((p) => p.bytes.length >= 2 && ((p.bytes[0] << 8) | p.bytes[1]) === id);
      const verdicts = candidates.map((p) => problem(p.bytes, reply, 'tcp'));
      if (id === undefined)
        failures.push(`connection ${c}: undecodable reply ${Buffer.from(reply).toString('hex')}`);
      else if (candidates.length === 0)
        failures.push(`connection ${c}: a reply to no query sent: ${Buffer.from(reply).toString('hex')}`);
      else if (verdicts.every((v) => v !== undefined))
        failures.push(`connection ${c}: ${verdicts[0]}\n  query ${candidates[0].hex}`);
    }
    if (!sawSentinel(session.replies))
      failures.push(
        `connection ${c}: no answer to the query after the garbage (closed by node: ${session.closedByNode})`,
      );
  }
  t.log(
    `${packets.length} packets on ${Math.ceil(packets.length / perConnection)} connections, ${replies} replies`,
  );
  t.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
});

test.serial('TCP framing that lies: the node survives, and stays in step when it can', async (t) => {
  t.timeout(60_000);
  const port = t.context.n.node.dnsPort;
  const r = rng(SEED ^ 0xf7a);
  const valid = buildQuery(ZONE, 'SOA', { id: 0x0a0a });
  const answeredSoa = (replies: Uint8Array[]) =>
    replies.some((reply) => {
      const m = tryDecode(reply);
      return m?.id === 0x0a0a && m.rcode === Rcode.NOERROR && m.answers.length === 1;
    });
  const wellFormed = (replies: Uint8Array[]) => replies.every((reply) => tryDecode(reply)?.qr === true);

  // A length prefix longer than what follows, then the client half-closes: nothing to answer.
  const tooLong = await tcpSession(
    port,
    (sock) => {
      sock.write(Buffer.concat([Buffer.from(u16(300)), valid]));
      sock.end();
    },
    () => false,
    3000,
  );
  t.deepEqual(tooLong.replies, [], 'no reply to a message that never arrived whole');
  t.true(tooLong.closedByNode, 'the node closes once the client is done');

  // Zero-length messages are skipped and the stream stays in step: the query after them is answered.
  const zeros = await tcpSession(
    port,
    (sock) =>
      void sock.write(Buffer.concat([frame(new Uint8Array(0)), frame(new Uint8Array(0)), frame(valid)])),
    answeredSoa,
  );
  t.true(answeredSoa(zeros.replies), 'answered after two zero-length messages');

  // The largest message the prefix can announce, all garbage, then a real query.
  const huge = Uint8Array.from(r.bytes(0xffff));
  huge[2] &= 0x7f;
  const biggest = await tcpSession(
    port,
    (sock) => void sock.write(Buffer.concat([frame(huge), frame(valid)])),
    answeredSoa,
  );
  t.true(answeredSoa(biggest.replies), 'answered after a 65535-octet message of garbage');
  t.true(wellFormed(biggest.replies));

  // A query delivered one octet per write, prefix included: framing must not depend on segments.
  const trickle = await tcpSession(
    port,
    async (sock) => {
      for (const octet of frame(valid)) {
        sock.write(Uint8Array.of(octet));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
    answeredSoa,
  );
  t.true(answeredSoa(trickle.replies), 'answered when sent one octet at a time');

  // 500 small garbage messages in one write, then a real query: all read, the query answered.
  const garbage = Array.from({ length: 500 }, () => {
    const bytes = Uint8Array.from(r.bytes(r.int(40)));
    if (bytes.length > 2) bytes[2] &= 0x7f;
    return frame(bytes);
  });
  const flood = await tcpSession(
    port,
    (sock) => void sock.write(Buffer.concat([...garbage, frame(valid)])),
    answeredSoa,
    10_000,
  );
  t.true(answeredSoa(flood.replies), 'answered after 500 pipelined garbage messages');
  t.true(wellFormed(flood.replies), 'every reply to the garbage decodes with QR set');

  // A prefix shorter than its message: the rest is read as more (garbage) messages.
  const tooShort = await tcpSession(
    port,
    (sock) => void sock.write(Buffer.concat([Buffer.from(u16(5)), valid, frame(valid)])),
    () => false,
    1500,
  );
  t.true(wellFormed(tooShort.replies), 'whatever comes back after losing step decodes');

  // Streams cut mid-message, by half-close and by reset, several at once.
  await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      tcpSession(
        port,
        (sock) => {
          const whole = frame(valid);
          sock.write(whole.subarray(0, 1 + (i % (whole.length - 1))));
          if (i % 2 === 0) sock.end();
          else sock.resetAndDestroy();
        },
        () => false,
        1000,
      ),
    ),
  );

  // More connections than one client may hold (16): the extra ones are closed, the node carries on.
  const crowd = await Promise.all(
    Array.from({ length: 24 }, () =>
      tcpSession(
        port,
        (sock) => void sock.write(frame(Uint8Array.from(r.bytes(30)))),
        () => false,
        1000,
      ),
    ),
  );
  t.true(crowd.every((s) => wellFormed(s.replies)));
});

test.serial('afterwards: the node is alive and answers over UDP and TCP', async (t) => {
  const { node } = t.context.n;
  t.true(node.process.running, 'the node process is alive');
  for (const tcp of [false, true]) {
    const soa = await query(ZONE, 'SOA', { port: node.dnsPort, tcp });
    t.is(soa.rcode, Rcode.NOERROR, tcp ? 'TCP' : 'UDP');
    t.true(soa.aa);
    t.is(soa.answers.length, 1);
    const a = await query(`ns1.${ZONE}`, 'A', { port: node.dnsPort, tcp, udpSize: 1232 });
    t.deepEqual(
      a.answers.map((rr) => [...rr.rdata].join('.')),
      ['192.0.2.1'],
    );
  }
  t.notRegex(node.process.log, /uncaught|unhandled|TypeError|RangeError|ReferenceError|FATAL/i);
  t.notRegex(node.process.log, /"level":(50|60)/, 'nothing logged at error or fatal level');
});

/** The node's error counters (dns_node_errors_total) by kind. */
async function errorCounts(web: string): Promise<Record<string, number | undefined>> {
  const metrics = (await get(`${web}/metrics`, WEB_KEY)).body;
  return Object.fromEntries(
    ['handler', 'socket', 'transfer'].map((kind) => [
      kind,
      sample(metrics, `dns_node_errors_total{kind="${kind}"}`),
    ]),
  );
}

/*
 * Found by this test, and fixed: answerUpdate() rethrew the TsigFormatError that findTsig()
 * throws for a name it cannot walk, so an UPDATE with an additional record and a malformed name
 * escaped the handler: no FORMERR, a "dns front end error" warning per packet, and a count in
 * dns_node_errors_total{kind="handler"}, the counter of our own failures. Smallest packet:
 * UPDATE, ZOCOUNT 1, ARCOUNT 1, a zone name starting with label type 0x40:
 * abcd2800000100000000000140000006000100
 */
test.serial('afterwards: nothing failed in the log or the error metrics', async (t) => {
  const { node, web } = t.context.n;
  t.deepEqual(await errorCounts(web), { handler: 0, socket: 0, transfer: 0 }, 'no handler threw');
  t.notRegex(node.process.log, /dns front end error/, 'no front-end error logged');
});

test.serial('a malformed UPDATE with an additional record gets FORMERR, not a handler error', async (t) => {
  const { node, web } = t.context.n;
  const before = await errorCounts(web);
  const packet = Uint8Array.from(Buffer.from('abcd2800000100000000000140000006000100', 'hex'));
  const reply = await udpAsk(packet, node.dnsPort, 1000);
  const after = await errorCounts(web);
  t.is(after.handler, before.handler, 'the handler did not throw');
  // Dropping it would do too; a reply, if any, says the query could not be read (RFC 1035 §4.1.1).
  if (reply !== undefined) t.is(tryDecode(reply)?.rcode, Rcode.FORMERR);
});
