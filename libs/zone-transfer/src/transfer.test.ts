import { decodeMessage, Name, RRClass, RRType, soaSerial } from '@shoal/dns-wire';
import { makeTsigKey, signMessage, TsigStreamSigner, TsigStreamVerifier } from '@shoal/tsig';
import test from 'ava';
import {
  axfrMessages,
  condenseChanges,
  ixfrMessages,
  ixfrRecords,
  ixfrUdpResponse,
  MemoryZoneSource,
  planIxfr,
  TransferParser,
} from './index.js';
import { applyChange, listing, memoryZone, ORIGIN } from './test-support.js';

const AXFR_Q = { name: ORIGIN, type: RRType.AXFR, class: RRClass.IN };
const IXFR_Q = { name: ORIGIN, type: RRType.IXFR, class: RRClass.IN };

async function collect(gen: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const m of gen) out.push(m);
  return out;
}

test('AXFR: SOA first and last, every record once, split in messages under the limit, question in the first only', async (t) => {
  const zone = memoryZone(2000);
  const messages = await collect(axfrMessages(ORIGIN, zone, { id: 7, question: AXFR_Q, maxSize: 4096 }));
  t.true(messages.length > 10);
  const decoded = messages.map((m) => decodeMessage(m));
  for (const [i, m] of decoded.entries()) {
    t.true(messages[i].length <= 4096);
    t.is(m.id, 7);
    t.true(m.qr && m.aa);
    t.is(m.questions.length, i === 0 ? 1 : 0);
  }
  const records = decoded.flatMap((m) => m.answers);
  t.is(records[0].type, RRType.SOA);
  t.is(records[records.length - 1].type, RRType.SOA);
  t.is(records.length, zone.records.length + 1);
  t.deepEqual(listing(records.slice(0, -1)), listing(zone.records));
  const parser = new TransferParser(ORIGIN, 'axfr');
  let done = false;
  for (const m of decoded) done = parser.push(m.answers);
  t.true(done);
  const result = parser.end();
  t.is(result.kind, 'full');
  if (result.kind === 'full') t.deepEqual(listing(result.records), listing(zone.records));
});

test('AXFR of a zone without an SOA fails before sending anything', async (t) => {
  const empty = new MemoryZoneSource(ORIGIN, []);
  await t.throwsAsync(collect(axfrMessages(ORIGIN, empty, { id: 1, question: AXFR_Q })), {
    name: 'MissingSoaError',
  });
});

test('a TSIG-signed AXFR signs every message and verifies as a stream', async (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', Buffer.from('secret-secret-secret').toString('base64'));
  const request = signMessage(new Uint8Array(12), key);
  const signer = new TsigStreamSigner(key, request.mac);
  const messages = await collect(
    axfrMessages(ORIGIN, memoryZone(500), { id: 0, question: AXFR_Q, maxSize: 2048, signer }),
  );
  const verifier = new TsigStreamVerifier(key, request.mac);
  for (const m of messages) {
    t.true(m.length <= 2048);
    verifier.verify(m);
  }
  t.notThrows(() => verifier.end());
  t.true(messages.length > 5);
});

test('IXFR: the journal chain from the client serial, condensed or per change, round-trips through the parser', async (t) => {
  const zone = memoryZone(5);
  const start = zone.records;
  applyChange(zone, ['host1 300 IN A 198.51.100.1'], ['host1 300 IN A 203.0.113.1']);
  applyChange(zone, [], ['new 300 IN AAAA 2001:db8::1']);
  applyChange(zone, ['new 300 IN AAAA 2001:db8::1'], ['new 600 IN AAAA 2001:db8::1']);
  applyChange(zone, ['host2 300 IN TXT "record number 2"'], []);
  for (const condense of [true, false]) {
    const plan = await planIxfr(ORIGIN, 1, zone, { condense });
    t.is(plan.kind, 'incremental');
    if (plan.kind !== 'incremental') return;
    t.is(plan.changes.length, condense ? 1 : 4);
    t.is(soaSerial(plan.soa.rdata), 5);
    const messages = await collect(ixfrMessages(ORIGIN, plan, { id: 9, question: IXFR_Q, maxSize: 512 }));
    const parser = new TransferParser(ORIGIN, 'ixfr', 1);
    for (const m of messages) parser.push(decodeMessage(m).answers);
    const result = parser.end();
    t.is(result.kind, 'incremental');
    if (result.kind !== 'incremental') return;
    // Replaying the differences on the starting zone gives the zone as it is now.
    const replay = new MemoryZoneSource(ORIGIN, start);
    for (const c of result.changes) replay.apply(c);
    t.deepEqual(listing(replay.records), listing(zone.records));
  }
});

test('IXFR condensation drops records added and removed within the range', async (t) => {
  const zone = memoryZone(1);
  const a = applyChange(zone, [], ['tmp 300 IN A 192.0.2.9']);
  const b = applyChange(zone, ['tmp 300 IN A 192.0.2.9'], ['kept 300 IN A 192.0.2.10']);
  const c = applyChange(zone, ['ns1 300 IN A 192.0.2.1'], ['ns1 60 IN A 192.0.2.1']);
  const condensed = condenseChanges(ORIGIN, [a, b, c]);
  t.is(condensed.fromSerial, 1);
  t.is(condensed.toSerial, 4);
  const names = (rs: typeof condensed.removed) =>
    rs.map((r) => `${Name.fromWire(r.owner)} ${r.type} ${r.ttl}`);
  t.deepEqual(names(condensed.removed), ['example.test. 6 3600', 'ns1.example.test. 1 300']);
  t.deepEqual(names(condensed.added), [
    'example.test. 6 3600',
    'kept.example.test. 1 300',
    'ns1.example.test. 1 60',
  ]);
  t.is(soaSerial(condensed.removed[0].rdata), 1);
  t.is(soaSerial(condensed.added[0].rdata), 4);
});

test('IXFR falls back to a full transfer when the journal does not reach back, and says up to date when current', async (t) => {
  const zone = memoryZone(1);
  applyChange(zone, [], ['a 300 IN A 192.0.2.1']);
  applyChange(zone, [], ['b 300 IN A 192.0.2.2']);
  zone.changes.shift(); // the journal is bounded: 1 -> 2 is gone
  t.is((await planIxfr(ORIGIN, 1, zone)).kind, 'full');
  t.is((await planIxfr(ORIGIN, 2, zone)).kind, 'incremental');
  t.is((await planIxfr(ORIGIN, 3, zone)).kind, 'up-to-date');
  t.is((await planIxfr(ORIGIN, 99, zone)).kind, 'up-to-date');
  // A serial the journal never had is not "older than the journal" but unknown: full as well.
  t.is((await planIxfr(ORIGIN, 0xfffffff0, zone)).kind, 'full');
});

test('IXFR over UDP: the whole answer when it fits, else the single SOA (RFC 1995 §2)', async (t) => {
  const zone = memoryZone(1);
  applyChange(zone, [], ['small 300 IN A 192.0.2.1']);
  const current = zone.soa()!;
  const small = await planIxfr(ORIGIN, 1, zone);
  const fit = decodeMessage(
    ixfrUdpResponse(ORIGIN, small, current, { id: 1, question: IXFR_Q, maxSize: 512 }),
  );
  t.is(fit.answers.length, 5);
  const added: string[] = [];
  for (let i = 0; i < 40; i++) added.push(`big${i} 300 IN TXT "${'x'.repeat(60)}"`);
  applyChange(zone, [], added);
  const big = await planIxfr(ORIGIN, 1, zone);
  const tooBig = decodeMessage(
    ixfrUdpResponse(ORIGIN, big, zone.soa()!, { id: 1, question: IXFR_Q, maxSize: 512 }),
  );
  t.is(tooBig.answers.length, 1);
  t.is(soaSerial(tooBig.answers[0].rdata), 3);
  t.false(tooBig.tc);
  const full = decodeMessage(
    ixfrUdpResponse(ORIGIN, { kind: 'full' }, zone.soa()!, { id: 1, question: IXFR_Q, maxSize: 512 }),
  );
  t.is(full.answers.length, 1);
});

test('the IXFR record order is SOA new, then per change old SOA, removed, new SOA, added, then SOA new', async (t) => {
  const zone = memoryZone(1);
  applyChange(zone, ['host0 300 IN A 198.51.100.0'], ['host0 300 IN A 192.0.2.200']);
  const plan = await planIxfr(ORIGIN, 1, zone);
  if (plan.kind !== 'incremental') return t.fail();
  const records = [...ixfrRecords(ORIGIN, plan)];
  t.deepEqual(
    records.map((r) => (r.type === RRType.SOA ? `SOA ${soaSerial(r.rdata)}` : `${r.name} A`)),
    ['SOA 2', 'SOA 1', 'host0.example.test. A', 'SOA 2', 'host0.example.test. A', 'SOA 2'],
  );
});
