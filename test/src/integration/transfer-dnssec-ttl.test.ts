/**
 * Transfers of a zone signed by the signer: every RRSIG record goes out with the TTL of the
 * RRset it covers (RFC 4034 §3, RFC 4035 §2.2), although the node's store keeps all RRSIGs of a
 * name as one RRset with one TTL. www has A 300 and TXT 3600 (and NSEC, which sorts after
 * RRSIG). Checked in an AXFR and an IXFR from the node, and in a BIND secondary fed by both
 * (its own AXFR, its answers, and ldns-verify-zone on its copy).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Name, RRType, rrTypeToString, soaSerial } from '@shoal/dns-wire';
import { pullIncremental, querySoa } from '@shoal/zone-transfer';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, dig, NatsServer, NodeProcess, query, tempDir, waitFor } from '../harness/index.js';
import { BindServer } from '../interop/legacy-servers.js';
import { DnssecClient, SignerProcess } from './dnssec-support.js';
import { axfrListing, settings, soaSerialAt, transfersLogged } from './transfer-fixture.js';

interface Context {
  nats: NatsServer;
  admin: AdminProcess;
  signer: SignerProcess;
  node: NodeProcess;
  dnssec: DnssecClient;
  dir: string;
}
const test = anyTest as TestFn<Context>;

const ZONE = 'ttl.signed.test';

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'xfr-ttl-1' });
  t.context = {
    nats,
    admin,
    signer,
    node,
    dnssec: new DnssecClient(admin.address),
    dir: tempDir('xfr-dnssec-ttl'),
  };
  await admin.client().createZone({
    name: ZONE,
    settings: settings({ transferAcl: ['127.0.0.1'] }),
    nameservers: [`ns1.${ZONE}.`],
    rrsets: [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
      { name: 'www', type: 'TXT', ttl: 3600, records: ['"hello"'] },
    ],
  });
  await t.context.dnssec.setSigning({ zone: ZONE, signed: true, nsec3: false });
  await waitFor(
    `${ZONE} signed on the node`,
    async () => {
      const m = await query(`www.${ZONE}.`, 'TXT', { port: node.dnsPort, dnssecOk: true });
      return m.answers.some((r) => r.type === RRType.RRSIG);
    },
    20_000,
    100,
  );
});

test.after.always(async (t) => {
  t.context.dnssec?.close();
  await t.context.node?.dispose();
  await t.context.signer?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
  if (t.context.dir) rmSync(t.context.dir, { recursive: true, force: true });
});

interface Rrsig {
  owner: string;
  ttl: number;
  covered: string;
  originalTtl: number;
}

/**
 * From normalised transfer lines (`owner ttl class type rdata...`, lowercase): the RRSIGs, the
 * TTL of every other RRset by `owner type`, and each RRSIG whose TTL is not its covered RRset's.
 */
function rrsigCheck(lines: readonly string[]) {
  const ttls = new Map<string, number>();
  const rrsigs: Rrsig[] = [];
  for (const line of lines) {
    const [owner, ttl, , type, ...rdata] = line.split(' ');
    if (type === 'rrsig')
      rrsigs.push({ owner, ttl: Number(ttl), covered: rdata[0], originalTtl: Number(rdata[3]) });
    else ttls.set(`${owner} ${type}`, Number(ttl));
  }
  const mismatches = rrsigs
    .filter((s) => s.ttl !== ttls.get(`${s.owner} ${s.covered}`))
    .map(
      (s) => `${s.owner} RRSIG ${s.covered} at ${s.ttl}, the RRset at ${ttls.get(`${s.owner} ${s.covered}`)}`,
    );
  const at = (owner: string, covered: string) =>
    rrsigs.filter((s) => s.owner === owner && s.covered === covered).map((s) => `${s.ttl}/${s.originalTtl}`);
  return { rrsigs, ttls, mismatches, at };
}

const WWW = `www.${ZONE}.`;

test.serial(
  'AXFR from the node: every RRSIG at its covered RRset TTL, the Original TTL as signed',
  async (t) => {
    const lines = await axfrListing(t.context.node.dnsPort, ZONE);
    const check = rrsigCheck(lines);
    t.true(check.rrsigs.length >= 6, lines.join('\n'));
    t.deepEqual(check.mismatches, []);
    t.deepEqual(check.at(WWW, 'a'), ['300/300']);
    t.deepEqual(check.at(WWW, 'txt'), ['3600/3600']);
    t.is(check.at(WWW, 'nsec').length, 1);
  },
);

test.serial(
  'IXFR from the node and a BIND secondary: RRSIG TTLs of the differences, and the secondary agrees',
  async (t) => {
    const { admin, node } = t.context;
    const origin = Name.parse(`${ZONE}.`);
    const server = { host: '127.0.0.1', port: node.dnsPort };
    const bind = await BindServer.start({ secondaries: [{ name: ZONE, primaryPort: node.dnsPort }] });
    try {
      const loaded = soaSerial((await querySoa(server, origin)).rdata);
      await waitFor(
        `BIND has ${ZONE} ${loaded}`,
        async () => (await soaSerialAt(bind.port, ZONE)) === loaded,
        20_000,
      );
      const start = await querySoa(server, origin);

      // Changes that re-sign www's TXT and then its A: new RRSIGs at www, one per covered TTL.
      await admin
        .client()
        .replaceRRset({ zone: ZONE, rrset: { name: 'www', type: 'TXT', ttl: 3600, records: ['"bye"'] } });
      const last = await admin
        .client()
        .replaceRRset({ zone: ZONE, rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.81'] } });
      await waitFor(
        `node at ${last.serial}`,
        async () => (await soaSerialAt(node.dnsPort, ZONE)) === last.serial,
      );

      const inc = await pullIncremental(server, {
        zone: origin,
        currentSoa: { ttl: start.ttl, rdata: start.rdata },
      });
      t.is(inc.kind, 'incremental');
      if (inc.kind !== 'incremental') return;
      // Per side, the TTL of each RRset the differences carry; the rest is as the node serves it.
      const carried = { removed: new Map<string, number>(), added: new Map<string, number>() };
      const rrsigs: { owner: string; covered: string; ttl: number; side: 'removed' | 'added' }[] = [];
      for (const change of inc.changes) {
        for (const side of ['removed', 'added'] as const) {
          for (const r of change[side]) {
            const owner = Name.fromWire(r.owner).key;
            if (r.type === RRType.RRSIG) {
              const covered = rrTypeToString((r.rdata[0] << 8) | r.rdata[1]).toLowerCase();
              rrsigs.push({ owner, covered, ttl: r.ttl, side });
            } else carried[side].set(`${owner} ${rrTypeToString(r.type).toLowerCase()}`, r.ttl);
          }
        }
      }
      const added = (covered: string) =>
        rrsigs
          .filter((s) => s.side === 'added' && s.owner === WWW && s.covered === covered)
          .map((s) => s.ttl);
      t.deepEqual(added('txt'), [3600]);
      t.deepEqual(added('a'), [300]);
      const served = rrsigCheck(await axfrListing(node.dnsPort, ZONE));
      t.true(rrsigs.length >= 6, 'www TXT, www A, the SOA and NSECs, removed and added');
      for (const s of rrsigs) {
        const key = `${s.owner} ${s.covered}`;
        t.is(
          s.ttl,
          carried[s.side].get(key) ?? served.ttls.get(key) ?? -1,
          `${s.side}: ${s.owner} RRSIG ${s.covered}`,
        );
      }

      // The secondary takes the differences by IXFR and holds the RRSIGs as we sent them.
      const ixfrs = () => transfersLogged(node, ZONE).filter((e) => e.outcome === 'ixfr').length;
      const ixfrsBefore = ixfrs();
      await bind.rndc('refresh', ZONE);
      await waitFor(
        `BIND at ${last.serial}`,
        async () => (await soaSerialAt(bind.port, ZONE)) === last.serial,
        20_000,
      );
      t.true(ixfrs() > ixfrsBefore, 'BIND asked for and got an IXFR');
      const secondary = await axfrListing(bind.port, ZONE);
      const check = rrsigCheck(secondary);
      t.deepEqual(check.mismatches, []);
      t.deepEqual(check.at(WWW, 'a'), ['300/300']);
      t.deepEqual(check.at(WWW, 'txt'), ['3600/3600']);
      // BIND serves them so.
      for (const [type, ttl] of [
        ['TXT', 3600],
        ['A', 300],
      ] as const) {
        const m = await query(WWW, type, { port: bind.port, dnssecOk: true });
        const sigs = m.answers.filter((r) => r.type === RRType.RRSIG);
        t.true(sigs.length > 0, `BIND answers ${type} with its RRSIG`);
        t.deepEqual(
          [...new Set(m.answers.map((r) => r.ttl))],
          [ttl],
          `BIND's ${type} answer: RRset and RRSIG at ${ttl}`,
        );
      }
      // And its copy is a verified signed zone (dig's lines as they are: base64 keeps its case).
      const raw = await dig([
        '@127.0.0.1',
        '-p',
        String(bind.port),
        ZONE,
        'AXFR',
        '+nocomments',
        '+nostats',
        '+nocmd',
      ]);
      const file = join(t.context.dir, `${ZONE}.secondary`);
      const lines = [...new Set(raw.split('\n').filter((l) => l.trim() && !l.startsWith(';')))];
      writeFileSync(file, `${lines.join('\n')}\n`);
      const ldns = spawnSync('ldns-verify-zone', ['-V', '3', file], { encoding: 'utf8' });
      t.is(ldns.status, 0, ldns.stdout + ldns.stderr);
      // The same as the node serves, record for record.
      t.deepEqual(secondary, await axfrListing(node.dnsPort, ZONE));
    } finally {
      await bind.dispose();
    }
  },
);
