/**
 * Online signing end to end: a zone is switched to signed through the admin's DnssecService,
 * the signer creates its keys and signs it, nodes serve it, and later writes through the admin
 * are signed before they are appended (one event: data and signatures). Checked by delv
 * (positive, NXDOMAIN, NODATA, wildcard, empty non-terminal, insecure delegation), by
 * dnssec-verify and ldns-verify-zone on a dump of the zone, and event by event for incremental
 * signing. NSEC and NSEC3.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import * as api from '@shoal/admin-api';
import { decodeRdata, type RRSIGRdata, RRType } from '@shoal/dns-wire';
import { decodeEvent, STREAM_NAME } from '@shoal/events';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, dig, NatsServer, NodeProcess, query, tempDir, waitFor } from '../harness/index.js';
import { delv, writeAnchorFile } from '../interop/dnssec-tools.js';
import { DnssecClient, dumpZone, SignerProcess } from './dnssec-support.js';

interface Context {
  nats: NatsServer;
  admin: AdminProcess;
  signer: SignerProcess;
  node: NodeProcess;
  dnssec: DnssecClient;
  dir: string;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'dnssec-1' });
  t.context = {
    nats,
    admin,
    signer,
    node,
    dnssec: new DnssecClient(admin.address),
    dir: tempDir('dnssec-signing'),
  };
});

test.after.always(async (t) => {
  t.context.dnssec?.close();
  await t.context.node?.dispose();
  await t.context.signer?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
  if (t.context.dir) rmSync(t.context.dir, { recursive: true, force: true });
});

const RRSETS = [
  { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
  { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
  { name: 'www', type: 'TXT', ttl: 300, records: ['"hello"'] },
  { name: '*.wild', type: 'TXT', ttl: 300, records: ['"wildcard"'] },
  { name: 'a.b.ent', type: 'A', ttl: 300, records: ['192.0.2.81'] },
  { name: 'deleg', type: 'NS', ttl: 300, records: ['ns.deleg'] },
  { name: 'ns.deleg', type: 'A', ttl: 300, records: ['192.0.2.99'] },
];

/** query, type, negative? */
const QUERIES: [string, string, boolean][] = [
  ['www', 'A', false],
  ['@', 'DNSKEY', false],
  ['@', 'SOA', false],
  ['nothere', 'A', true],
  ['www', 'MX', true],
  ['ent', 'A', true],
  ['b.ent', 'TXT', true],
  ['x.y.wild', 'TXT', false],
  ['x.wild', 'A', true],
  ['deleg', 'DS', true],
];

async function signZone(t: { context: Context }, zone: string, nsec3: boolean): Promise<string> {
  const { admin, dnssec, node } = t.context;
  await admin.client().createZone({ name: zone, nameservers: [`ns1.${zone}.`], rrsets: RRSETS });
  await dnssec.setSigning({ zone, signed: true, nsec3 });
  await waitFor(
    `${zone} signed on the node`,
    async () => {
      const m = await query(`${zone}.`, 'SOA', { port: node.dnsPort, dnssecOk: true });
      const nsec = await query(`nothere.${zone}.`, 'A', { port: node.dnsPort, dnssecOk: true });
      const chain = nsec.authorities.some((r) => r.type === (nsec3 ? RRType.NSEC3 : RRType.NSEC));
      return m.answers.some((r) => r.type === RRType.RRSIG) && chain;
    },
    20_000,
    100,
  );
  const keys = await dnssec.listKeys(zone);
  const ksk = keys.keys.find((k) => k.role === 'ksk')!;
  const anchor = join(t.context.dir, `${zone}.anchor`);
  writeAnchorFile(anchor, `${zone}.`, [ksk.dnskey]);
  return anchor;
}

for (const nsec3 of [false, true]) {
  const zone = nsec3 ? 'nsec3.signed.test' : 'nsec.signed.test';
  test.serial(
    `${nsec3 ? 'NSEC3' : 'NSEC'}: a zone switched to signed validates in delv, and its dump in dnssec-verify and ldns-verify-zone`,
    async (t) => {
      const anchor = await signZone(t, zone, nsec3);
      const keys = await t.context.dnssec.listKeys(zone);
      t.deepEqual(keys.keys.map((k) => `${k.role} ${k.state} ${k.algorithm}`).sort(), [
        'ksk active 13',
        'zsk active 13',
      ]);
      t.regex(keys.keys.find((k) => k.role === 'ksk')!.ds, / 13 2 [0-9A-F ]+$/);
      for (const [name, type, negative] of QUERIES) {
        const qname = name === '@' ? `${zone}.` : `${name}.${zone}.`;
        const result = await delv(t.context.node.dnsPort, anchor, `${zone}.`, qname, type);
        t.true(result.validated, `${qname} ${type}:\n${result.text}`);
        t.is(result.negative, negative, `${qname} ${type}:\n${result.text}`);
      }
      const m = await query(`${zone}.`, 'SOA', { port: t.context.node.dnsPort, dnssecOk: true });
      t.false(m.ad, 'an authoritative server does not set AD');
      const info = await t.context.admin.client().getZone({ name: zone, omitRecords: true });
      const text = await dumpZone(
        t.context.nats.url,
        `${zone}.`,
        Number(info.lastSequence ?? 0) || (await lastSequence(t.context.nats.url)),
      );
      const file = join(t.context.dir, `${zone}.zone`);
      writeFileSync(file, text);
      const bind = spawnSync('dnssec-verify', ['-o', `${zone}.`, file], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
      });
      t.is(bind.status, 0, bind.stdout + bind.stderr);
      t.regex(bind.stdout + bind.stderr, /Zone fully signed/);
      const ldns = spawnSync('ldns-verify-zone', ['-V', '3', file], { encoding: 'utf8' });
      t.is(ldns.status, 0, ldns.stdout + ldns.stderr);
    },
  );

  test.serial(
    `${nsec3 ? 'NSEC3' : 'NSEC'}: a write to a signed zone is one event carrying its signatures, and only the ones it needs`,
    async (t) => {
      const { admin, node, nats } = t.context;
      const anchor = join(t.context.dir, `${zone}.anchor`);
      const changed = await admin
        .client()
        .replaceRRset({ zone, rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.88'] } });
      const event = await eventAt(nats.url, changed.sequence);
      t.is(event.body?.$case, 'changeSet');
      const changeSet = event.body?.$case === 'changeSet' ? event.body.changeSet : undefined;
      const covered = (changeSet?.added ?? [])
        .filter((r) => r.type === RRType.RRSIG)
        .map((r) => (decodeRdata(RRType.RRSIG, r.rdata) as RRSIGRdata).typeCovered);
      t.deepEqual(covered.sort(), [RRType.A, RRType.SOA].sort(), 'the RRset and the SOA, nothing else');
      // The node has it at once, signed.
      const m = await waitFor('new www served', async () => {
        const r = await query(`www.${zone}.`, 'A', { port: node.dnsPort, dnssecOk: true });
        return r.answers.some((a) => a.type === RRType.A && a.rdata.join('.') === '192.0.2.88')
          ? r
          : undefined;
      });
      t.true(m.answers.some((a) => a.type === RRType.RRSIG));
      t.true((await delv(node.dnsPort, anchor, `${zone}.`, `www.${zone}.`, 'A')).validated);

      // A new name: its own RRset, the chain around it, and the SOA.
      const added = await admin
        .client()
        .replaceRRset({ zone, rrset: { name: 'newname', type: 'TXT', ttl: 300, records: ['"new"'] } });
      const second = await eventAt(nats.url, added.sequence);
      const sigs =
        second.body?.$case === 'changeSet'
          ? second.body.changeSet.added.filter((r) => r.type === RRType.RRSIG)
          : [];
      const types = sigs.map((r) => (decodeRdata(RRType.RRSIG, r.rdata) as RRSIGRdata).typeCovered);
      const chainType = nsec3 ? RRType.NSEC3 : RRType.NSEC;
      t.deepEqual(types.filter((x) => x !== chainType).sort(), [RRType.TXT, RRType.SOA].sort());
      t.true(
        types.filter((x) => x === chainType).length >= 2 && types.filter((x) => x === chainType).length <= 3,
      );
      await waitFor(
        'newname served',
        async () => (await query(`newname.${zone}.`, 'TXT', { port: node.dnsPort })).answers.length > 0,
      );
      t.true((await delv(node.dnsPort, anchor, `${zone}.`, `newname.${zone}.`, 'TXT')).validated);
      t.true(
        (await delv(node.dnsPort, anchor, `${zone}.`, `newnamf.${zone}.`, 'TXT')).validated,
        'NXDOMAIN beside it',
      );
    },
  );
}

test.serial(
  'an AXFR of each signed zone from the node passes ldns-verify-zone and dnssec-verify',
  async (t) => {
    const { admin, node } = t.context;
    const client = admin.client();
    for (const zone of ['nsec.signed.test', 'nsec3.signed.test']) {
      await client.call(
        client.zones.updateZoneSettings as never,
        client.zones,
        api.UpdateZoneSettingsRequest.fromPartial({
          name: zone,
          settings: { transferAcl: ['127.0.0.1'] },
          updateMask: ['transfer_acl'],
        }),
      );
      const text = await waitFor(
        `AXFR of ${zone}`,
        async () => {
          const out = await dig([
            '@127.0.0.1',
            '-p',
            String(node.dnsPort),
            zone,
            'AXFR',
            '+nocomments',
            '+nostats',
            '+nocmd',
          ]);
          return /\sRRSIG\s/.test(out) && !/Transfer failed/.test(out) ? out : undefined;
        },
        10_000,
        200,
      );
      const file = join(t.context.dir, `${zone}.axfr`);
      // An AXFR ends with the SOA again (RFC 5936 §2.2): keep the records once.
      const lines = [...new Set(text.split('\n').filter((l) => l.trim() && !l.startsWith(';')))];
      writeFileSync(file, `${lines.join('\n')}\n`);
      const ldns = spawnSync('ldns-verify-zone', ['-V', '3', file], { encoding: 'utf8' });
      t.is(ldns.status, 0, `${zone}: ${ldns.stdout}${ldns.stderr}`);
      const bind = spawnSync('dnssec-verify', ['-o', `${zone}.`, file], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
      });
      t.is(bind.status, 0, `${zone}: ${bind.stdout}${bind.stderr}`);
    }
  },
);

test.serial('switching a signed zone to unsigned removes every DNSSEC record', async (t) => {
  const { dnssec, node } = t.context;
  const zone = 'nsec.signed.test';
  await dnssec.setSigning({ zone, signed: false });
  await waitFor(
    'DNSSEC records gone',
    async () => {
      const m = await query(`www.${zone}.`, 'A', { port: node.dnsPort, dnssecOk: true });
      const k = await query(`${zone}.`, 'DNSKEY', { port: node.dnsPort, dnssecOk: true });
      return !m.answers.some((r) => r.type === RRType.RRSIG) && k.answers.length === 0;
    },
    20_000,
    100,
  );
  t.pass();
});

async function eventAt(natsUrl: string, sequence: number) {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const m = await jsm.streams.getMessage(STREAM_NAME, { seq: sequence });
    return decodeEvent(m!.data, sequence);
  } finally {
    await nc.close();
  }
}

async function lastSequence(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(STREAM_NAME)).state.last_seq;
  } finally {
    await nc.close();
  }
}
