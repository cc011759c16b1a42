/**
 * Zone transfers out of the fleet, against a real node: AXFR and IXFR (TCP and UDP) to our own
 * client and to dig, the access rules (ACL, TSIG, neither), TSIG errors, signed SOA queries.
 */
import { Name, Rcode, RRType, soaSerial } from '@shoal/dns-wire';
import { findTsig, makeTsigKey, signMessage } from '@shoal/tsig';
import { pullIncremental, pullZone, querySoa, TransferRefusedError } from '@shoal/zone-transfer';
import anyTest, { type TestFn } from 'ava';
import { buildQuery, dig, tcpExchange, waitFor } from '../harness/index.js';
import {
  axfrListing,
  digKey,
  type Fleet,
  putTsigKeys,
  settings,
  startFleet,
  waitForSerial,
  XFR_KEY,
} from './transfer-fixture.js';

const test = anyTest as TestFn<{ fleet: Fleet; port: number }>;
const KEY = makeTsigKey(XFR_KEY.name, XFR_KEY.algorithm, XFR_KEY.secret);

test.before(async (t) => {
  const fleet = await startFleet(1);
  await putTsigKeys(fleet.nats.url, [XFR_KEY]);
  const client = fleet.admin.client();
  await client.createZone({
    name: 'acl.test',
    settings: settings({ transferAcl: ['127.0.0.0/8'] }),
    nameservers: ['ns1.acl.test.'],
    rrsets: [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
    ],
  });
  await client.createZone({
    name: 'tsig.test',
    settings: settings({ tsigKeys: ['xfr-key'] }),
    nameservers: ['ns1.tsig.test.'],
  });
  await client.createZone({ name: 'closed.test', settings: settings({}), nameservers: ['ns1.closed.test.'] });
  const port = fleet.nodes[0].dnsPort;
  await waitForSerial(port, 'closed.test', 1);
  await waitForSerial(port, 'tsig.test', 1);
  await waitForSerial(port, 'acl.test', 1);
  t.context = { fleet, port };
});

test.after.always(async (t) => {
  await t.context.fleet?.dispose();
});

const server = (t: { context: { port: number } }) => ({ host: '127.0.0.1', port: t.context.port });

test.serial('AXFR from the ACL: our client and dig see the zone as written', async (t) => {
  const result = await pullZone(server(t), { zone: Name.parse('acl.test.') });
  t.is(result.kind, 'full');
  if (result.kind !== 'full') return;
  const types = result.records.map((r) => `${r.name} ${r.type}`).sort();
  t.deepEqual(types, ['acl.test. 2', 'acl.test. 6', 'ns1.acl.test. 1', 'www.acl.test. 1']);
  const listing = await axfrListing(t.context.port, 'acl.test');
  t.is(listing.length, 4);
  t.true(listing.some((l) => l.startsWith('www.acl.test. 300 in a 192.0.2.80')));
});

test.serial(
  'IXFR after a series of changes: differences over TCP, the whole answer over UDP when it fits',
  async (t) => {
    const client = t.context.fleet.admin.client();
    const start = await querySoa(server(t), Name.parse('acl.test.'));
    for (let i = 0; i < 5; i++) {
      await client.replaceRRset({
        zone: 'acl.test',
        rrset: { name: `h${i}`, type: 'A', ttl: 60, records: [`198.51.100.${i}`] },
      });
    }
    const last = await client.replaceRRset({
      zone: 'acl.test',
      rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.81'] },
    });
    await waitForSerial(t.context.port, 'acl.test', last.serial);
    const inc = await pullIncremental(server(t), {
      zone: Name.parse('acl.test.'),
      currentSoa: { ttl: start.ttl, rdata: start.rdata },
    });
    t.is(inc.kind, 'incremental');
    if (inc.kind !== 'incremental') return;
    t.is(inc.serial, last.serial);
    t.is(inc.changes.length, 1, 'condensed by default');
    t.is(inc.changes[0].fromSerial, soaSerial(start.rdata));
    // dig over UDP: a small IXFR fits in one datagram.
    const udp = await dig([
      '@127.0.0.1',
      '-p',
      String(t.context.port),
      'acl.test',
      `IXFR=${soaSerial(start.rdata)}`,
      '+notcp',
      '+nocmd',
      '+nostats',
    ]);
    t.regex(udp, /h4\.acl\.test\.\s+60\s+IN\s+A\s+198\.51\.100\.4/);
    // Up to date: one SOA.
    const now = await dig([
      '@127.0.0.1',
      '-p',
      String(t.context.port),
      'acl.test',
      `IXFR=${last.serial}`,
      '+nocmd',
      '+nostats',
      '+noall',
      '+answer',
    ]);
    t.is(now.trim().split('\n').length, 1);
    // A serial older than the journal knows: AXFR-style answer.
    const old = await dig([
      '@127.0.0.1',
      '-p',
      String(t.context.port),
      'acl.test',
      'IXFR=0',
      '+nocmd',
      '+nostats',
      '+noall',
      '+answer',
    ]);
    t.true(old.trim().split('\n').length >= 10);
  },
);

test.serial('without ACL or key nobody transfers; outside the ACL is refused too', async (t) => {
  const refused = await t.throwsAsync(pullZone(server(t), { zone: Name.parse('closed.test.') }), {
    instanceOf: TransferRefusedError,
  });
  t.is(refused.rcode, Rcode.REFUSED);
  const out = await dig(['@127.0.0.1', '-p', String(t.context.port), 'closed.test', 'AXFR']);
  t.regex(out, /Transfer failed/);
  const unsigned = await t.throwsAsync(pullZone(server(t), { zone: Name.parse('tsig.test.') }), {
    instanceOf: TransferRefusedError,
  });
  t.is(unsigned.rcode, Rcode.REFUSED);
  // AXFR is never served over UDP, nor are transfers of zones we do not have.
  const notAuth = await t.throwsAsync(pullZone(server(t), { zone: Name.parse('nowhere.test.') }), {
    instanceOf: TransferRefusedError,
  });
  t.is(notAuth.rcode, Rcode.NOTAUTH);
});

test.serial(
  'TSIG: dig -y transfers the zone with every message verified; a wrong secret fails',
  async (t) => {
    await waitFor(
      'keys loaded',
      async () => (await pullZone(server(t), { zone: Name.parse('tsig.test.'), key: KEY })).kind === 'full',
    );
    const listing = await axfrListing(t.context.port, 'tsig.test', digKey(XFR_KEY));
    t.is(listing.length, 2);
    const wrong = { ...XFR_KEY, secret: Buffer.from('not the secret').toString('base64') };
    const out = await dig([
      '@127.0.0.1',
      '-p',
      String(t.context.port),
      'tsig.test',
      'AXFR',
      ...digKey(wrong),
    ]);
    t.regex(out, /BADSIG|tsig verify failure|Transfer failed|NOTAUTH/i);
    // A signed ordinary query gets a signed answer (secondaries refresh this way).
    const soa = await dig([
      '@127.0.0.1',
      '-p',
      String(t.context.port),
      'tsig.test',
      'SOA',
      ...digKey(XFR_KEY),
    ]);
    t.regex(soa, /status: NOERROR/);
    t.regex(soa, /xfr-key\.\s+0\s+ANY\s+TSIG\s+hmac-sha256\.\s+\d+ 300 32 \S+ \d+ NOERROR 0/);
    t.notRegex(soa, /tsig verify failure/i);
  },
);

test.serial('TSIG over a multi-message AXFR: dig verifies every message', async (t) => {
  const client = t.context.fleet.admin.client();
  const rrsets = [];
  for (let i = 0; i < 2000; i++)
    rrsets.push({ name: `t${i}`, type: 'TXT', ttl: 60, records: [`"record ${i} ${'x'.repeat(40)}"`] });
  await client.createZone({
    name: 'bigsigned.test',
    settings: settings({ tsigKeys: ['xfr-key'] }),
    nameservers: ['ns1.bigsigned.test.'],
    rrsets,
  });
  await waitForSerial(t.context.port, 'bigsigned.test', 1);
  const out = await dig([
    '@127.0.0.1',
    '-p',
    String(t.context.port),
    'bigsigned.test',
    'AXFR',
    ...digKey(XFR_KEY),
  ]);
  t.notRegex(out, /tsig verify failure|Transfer failed|BADSIG|BADKEY/i);
  const messages = /XFR size: (\d+) records \(messages (\d+),/.exec(out);
  t.truthy(messages, out.slice(-500));
  t.is(Number(messages![1]), 2003);
  t.true(Number(messages![2]) > 3, 'several messages, each signed and verified');
});

test.serial('TSIG errors: BADKEY unsigned, BADTIME signed with our clock, both NOTAUTH', async (t) => {
  const stranger = makeTsigKey('stranger.', 'hmac-sha256', Buffer.from('x').toString('base64'));
  const query = buildQuery('tsig.test', 'AXFR');
  const badkey = await tcpExchange(signMessage(query, stranger).message, t.context.port);
  t.is(badkey![3] & 0x0f, Rcode.NOTAUTH);
  t.like(findTsig(badkey!)!.record, { error: 17 });
  t.is(findTsig(badkey!)!.record.mac.length, 0);
  const stale = signMessage(query, KEY, { timeSigned: Math.floor(Date.now() / 1000) - 3600 });
  const badtime = await tcpExchange(stale.message, t.context.port);
  t.is(badtime![3] & 0x0f, Rcode.NOTAUTH);
  const record = findTsig(badtime!)!.record;
  t.is(record.error, 18);
  t.is(record.mac.length, 32);
  t.is(record.other.length, 6);
  t.is(record.timeSigned, stale.record.timeSigned);
});

test.serial('an AXFR racing with writes returns one consistent version of the zone', async (t) => {
  const client = t.context.fleet.admin.client();
  const rrsets = [];
  for (let i = 0; i < 300; i++) rrsets.push({ name: `r${i}`, type: 'TXT', ttl: 60, records: [`"v0 ${i}"`] });
  await client.createZone({
    name: 'race.test',
    settings: settings({ transferAcl: ['127.0.0.1'] }),
    nameservers: ['ns1.race.test.'],
    rrsets,
  });
  await waitForSerial(t.context.port, 'race.test', 1);
  const writes = (async () => {
    for (let v = 1; v <= 10; v++) {
      await client.replaceRRset({
        zone: 'race.test',
        rrset: { name: 'r0', type: 'TXT', ttl: 60, records: [`"v${v} 0"`] },
      });
      await client.replaceRRset({
        zone: 'race.test',
        rrset: { name: 'r299', type: 'TXT', ttl: 60, records: [`"v${v} 299"`] },
      });
    }
  })();
  let transfers = 0;
  while (transfers < 20) {
    const result = await pullZone(server(t), { zone: Name.parse('race.test.') });
    if (result.kind !== 'full') return t.fail();
    transfers++;
    const txt = (owner: string) => {
      const r = result.records.find((x) => x.type === RRType.TXT && x.name.key === `${owner}.race.test.`)!;
      return Buffer.from(r.rdata).toString('latin1').slice(1);
    };
    // Serial 1 is v0 everywhere; each version n>1 is one replace further: r0 leads r299 by at most one step.
    const v0 = Number(/^v(\d+)/.exec(txt('r0'))![1]);
    const v299 = Number(/^v(\d+)/.exec(txt('r299'))![1]);
    t.is(soaSerial(result.soa.rdata), 1 + v0 + v299, 'the records match the SOA they came with');
  }
  await writes;
});
