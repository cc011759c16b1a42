import { decodeMessage, MessageWriter, Name, Rcode, RRType, soaSerial } from '@shoal/dns-wire';
import { MemoryKeyring, makeTsigKey, TsigVerificationError } from '@shoal/tsig';
import test from 'ava';
import {
  answerTransfer,
  diffZone,
  type Endpoint,
  MemoryZoneSource,
  pullIncremental,
  pullZone,
  querySoa,
  type TransferEvent,
  TransferRefusedError,
  type TransferServerOptions,
  type TransferTransport,
} from './index.js';
import { applyChange, listing, memoryZone, ORIGIN } from './test-support.js';

const KEY = makeTsigKey(
  'xfr.key',
  'hmac-sha256',
  Buffer.from('a shared secret for the tests').toString('base64'),
);
const OTHER = makeTsigKey('other.key', 'hmac-sha256', Buffer.from('another secret').toString('base64'));
const SERVER: Endpoint = { host: '192.0.2.53', port: 53 };

/** A transport wired straight to answerTransfer, as if over the network from `address`. */
function loopback(options: TransferServerOptions, address = '127.0.0.1'): TransferTransport {
  const serve = async (query: Uint8Array, transport: 'udp' | 'tcp') =>
    answerTransfer(query, { transport, remoteAddress: address, remotePort: 40000 }, options);
  return {
    async *stream(_server, query) {
      const reply = await serve(query, 'tcp');
      if (reply === undefined) throw new Error('not a transfer');
      if (reply instanceof Uint8Array) yield reply;
      else {
        // Drain first, as a real server writes everything whatever the client does.
        const all: Uint8Array[] = [];
        for await (const m of reply) all.push(m);
        yield* all;
      }
    },
    async datagram(_server, query) {
      const reply = await serve(query, 'udp');
      return reply instanceof Uint8Array ? reply : undefined;
    },
  };
}

function server(
  zone: MemoryZoneSource,
  policy: { transferAcl?: string[]; tsigKeys?: string[] },
  events: TransferEvent[] = [],
) {
  return {
    findZone: (name: Name) =>
      name.equals(ORIGIN)
        ? {
            origin: ORIGIN,
            source: zone,
            policy: { transferAcl: policy.transferAcl ?? [], tsigKeys: policy.tsigKeys ?? [] },
          }
        : undefined,
    keyring: new MemoryKeyring([KEY, OTHER]),
    onTransfer: (e: TransferEvent) => events.push(e),
    maxMessageSize: 1024,
  } satisfies TransferServerOptions;
}

test('an ACL-allowed client pulls the whole zone by AXFR', async (t) => {
  const zone = memoryZone(300);
  const events: TransferEvent[] = [];
  const transport = loopback(server(zone, { transferAcl: ['127.0.0.0/8'] }, events));
  const result = await pullZone(SERVER, { zone: ORIGIN, transport });
  t.is(result.kind, 'full');
  if (result.kind === 'full') t.deepEqual(listing(result.records), listing(zone.records));
  t.true(result.messages > 1);
  t.like(events[0], { outcome: 'axfr', via: 'acl', qtype: 'axfr' });
});

test('security by default: with no ACL and no key, and from outside the ACL, transfers are REFUSED', async (t) => {
  const zone = memoryZone(3);
  const none = loopback(server(zone, {}));
  const e1 = await t.throwsAsync(pullZone(SERVER, { zone: ORIGIN, transport: none }), {
    instanceOf: TransferRefusedError,
  });
  t.is(e1.rcode, Rcode.REFUSED);
  const outside = loopback(server(zone, { transferAcl: ['10.0.0.0/8'] }));
  const e2 = await t.throwsAsync(pullZone(SERVER, { zone: ORIGIN, transport: outside }), {
    instanceOf: TransferRefusedError,
  });
  t.is(e2.rcode, Rcode.REFUSED);
  const elsewhere = await t.throwsAsync(
    pullZone(SERVER, { zone: Name.parse('other.test.'), transport: outside }),
    {
      instanceOf: TransferRefusedError,
    },
  );
  t.is(elsewhere.rcode, Rcode.NOTAUTH);
});

test('TSIG: the zone key transfers (every message signed), an unlisted valid key is REFUSED, an unknown one BADKEY', async (t) => {
  const zone = memoryZone(200);
  const events: TransferEvent[] = [];
  const transport = loopback(server(zone, { tsigKeys: ['XFR.key'] }, events));
  const result = await pullZone(SERVER, { zone: ORIGIN, transport, key: KEY });
  t.is(result.kind, 'full');
  t.like(events[0], { via: 'tsig', key: 'xfr.key.' });
  const refused = await t.throwsAsync(pullZone(SERVER, { zone: ORIGIN, transport, key: OTHER }), {
    instanceOf: TransferRefusedError,
  });
  t.is(refused.rcode, Rcode.REFUSED);
  const stranger = makeTsigKey('stranger.key', 'hmac-sha256', Buffer.from('unknown').toString('base64'));
  const badkey = await t.throwsAsync(pullZone(SERVER, { zone: ORIGIN, transport, key: stranger }), {
    instanceOf: TsigVerificationError,
  });
  t.is(badkey.code, 17);
  const wrongSecret = makeTsigKey('xfr.key', 'hmac-sha256', Buffer.from('not the secret').toString('base64'));
  const badsig = await t.throwsAsync(pullZone(SERVER, { zone: ORIGIN, transport, key: wrongSecret }), {
    instanceOf: TsigVerificationError,
  });
  t.is(badsig.code, 16);
  t.like(events.at(-1), { outcome: 'notauth' });
});

test('TSIG with a skewed clock: BADTIME, signed, NOTAUTH', async (t) => {
  const zone = memoryZone(1);
  const skewed = {
    ...server(zone, { tsigKeys: ['xfr.key'] }),
    now: () => Math.floor(Date.now() / 1000) + 3600,
  };
  const e = await t.throwsAsync(pullZone(SERVER, { zone: ORIGIN, transport: loopback(skewed), key: KEY }), {
    instanceOf: TsigVerificationError,
  });
  t.is(e.code, 18);
});

test('IXFR pulls differences, says up to date, and falls back to AXFR-style when the journal is short', async (t) => {
  const zone = memoryZone(10);
  const before = new MemoryZoneSource(ORIGIN, zone.records);
  const soa1 = zone.soa()!;
  applyChange(zone, ['host3 300 IN A 198.51.100.3'], ['host3 300 IN A 192.0.2.33']);
  applyChange(zone, [], ['extra 300 IN MX 5 mx.example.test.']);
  const events: TransferEvent[] = [];
  const transport = loopback(server(zone, { transferAcl: ['127.0.0.1'] }, events));
  const inc = await pullIncremental(SERVER, { zone: ORIGIN, transport, currentSoa: soa1 });
  t.is(inc.kind, 'incremental');
  if (inc.kind !== 'incremental') return;
  for (const c of inc.changes) before.apply(c);
  t.deepEqual(listing(before.records), listing(zone.records));
  t.like(events.at(-1), { outcome: 'ixfr', clientSerial: 1, serial: 3 });

  const current = await pullIncremental(SERVER, { zone: ORIGIN, transport, currentSoa: zone.soa()! });
  t.is(current.kind, 'up-to-date');
  t.like(events.at(-1), { outcome: 'up-to-date' });

  zone.changes.splice(0, 1);
  const full = await pullIncremental(SERVER, { zone: ORIGIN, transport, currentSoa: soa1 });
  t.is(full.kind, 'full');
  t.like(events.at(-1), { outcome: 'ixfr-as-axfr' });
  if (full.kind !== 'full') return;
  // A full transfer becomes one ChangeSet against what we hold.
  const old = new MemoryZoneSource(ORIGIN, new MemoryZoneSource(ORIGIN, memoryZone(10).records).records);
  const diff = await diffZone(ORIGIN, old.rrsets(), full.records);
  t.truthy(diff);
  t.is(diff!.fromSerial, 1);
  t.is(diff!.toSerial, 3);
  old.apply(diff!);
  t.deepEqual(listing(old.records), listing(zone.records));
  t.is(await diffZone(ORIGIN, old.rrsets(), full.records), undefined);
});

test('SOA queries: UDP, then TCP when truncated; the answer must be authoritative', async (t) => {
  const zone = memoryZone(1);
  const soa = zone.soa()!;
  const answer = (query: Uint8Array, flags: { tc?: boolean; aa?: boolean }) => {
    const q = decodeMessage(query);
    const w = new MessageWriter(512);
    w.setHeader({ id: q.id, qr: true, aa: flags.aa ?? true, tc: flags.tc });
    w.addQuestion(q.questions[0]);
    if (!flags.tc)
      w.addRecord('answer', { name: ORIGIN, type: RRType.SOA, class: 1, ttl: soa.ttl, rdata: soa.rdata });
    return w.finish();
  };
  const seen: string[] = [];
  const transport = (aa: boolean): TransferTransport => ({
    async *stream(_s, query) {
      seen.push('tcp');
      yield answer(query, { aa });
    },
    async datagram(_s, query) {
      seen.push('udp');
      return answer(query, { tc: true });
    },
  });
  const rr = await querySoa(SERVER, ORIGIN, { transport: transport(true) });
  t.is(soaSerial(rr.rdata), 1);
  t.deepEqual(seen, ['udp', 'tcp']);
  await t.throwsAsync(querySoa(SERVER, ORIGIN, { transport: transport(false) }), {
    name: 'TransferFormatError',
  });
  const silent: TransferTransport = { async *stream() {}, datagram: async () => undefined };
  await t.throwsAsync(querySoa(SERVER, ORIGIN, { transport: silent, timeoutMs: 10 }), {
    name: 'TransferTimeoutError',
  });
});
