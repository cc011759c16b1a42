/**
 * Unbound as a validating resolver in front of a node: a zone signed by the signer is `secure`
 * (AD set) for answers and for NXDOMAIN, with the DS from the admin's key listing as trust
 * anchor; a signature corrupted in the stream (a ChangeSet appended straight to the zone's
 * subject, bypassing admin and signer) makes exactly that RRset SERVFAIL.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Name, Rcode, RRClass, RRType } from '@shoal/dns-wire';
import { appendEvent, lastSubjectSequence } from '@shoal/event-store';
import { encodeEvent, zoneSubject } from '@shoal/events';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, waitFor } from '../harness/index.js';
import { DnssecClient, SignerProcess, UnboundProcess } from './dnssec-support.js';

interface Context {
  nats: NatsServer;
  admin: AdminProcess;
  signer: SignerProcess;
  node: NodeProcess;
  unbound: UnboundProcess;
}
const test = anyTest as TestFn<Context>;
const ZONE = 'ub.test';

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'dnssec-ub' });
  await admin.client().createZone({
    name: ZONE,
    nameservers: [`ns1.${ZONE}.`],
    rrsets: [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
      { name: 'mail', type: 'A', ttl: 300, records: ['192.0.2.25'] },
      { name: '*.wild', type: 'A', ttl: 300, records: ['192.0.2.99'] },
    ],
  });
  const dnssec = new DnssecClient(admin.address);
  await dnssec.setSigning({ zone: ZONE, signed: true, nsec3: true });
  await waitFor(
    'zone signed',
    async () =>
      (await query(`${ZONE}.`, 'DNSKEY', { port: node.dnsPort, dnssecOk: true })).answers.some(
        (r) => r.type === RRType.RRSIG,
      ),
    20_000,
    100,
  );
  const ksk = (await dnssec.listKeys(ZONE)).keys.find((k) => k.role === 'ksk')!;
  dnssec.close();
  const unbound = await UnboundProcess.start({
    stubs: [{ zone: `${ZONE}.`, port: node.dnsPort }],
    anchors: [`${ZONE}. DS ${ksk.ds}`],
  });
  t.context = { nats, admin, signer, node, unbound };
});

test.after.always(async (t) => {
  await t.context.unbound?.dispose();
  await t.context.node?.dispose();
  await t.context.signer?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
});

const resolve = (t: { context: Context }, name: string, type: string) =>
  query(name, type, { port: t.context.unbound.port, rd: true, dnssecOk: true, timeoutMs: 8000 });

test.serial('answers, NXDOMAIN and wildcard answers are secure (AD) through Unbound', async (t) => {
  for (const [name, type, rcode] of [
    [`www.${ZONE}.`, 'A', Rcode.NOERROR],
    [`nothere.${ZONE}.`, 'A', Rcode.NXDOMAIN],
    [`www.${ZONE}.`, 'MX', Rcode.NOERROR],
    [`x.wild.${ZONE}.`, 'A', Rcode.NOERROR],
  ] as const) {
    const m = await resolve(t, name, type);
    t.is(m.rcode, rcode, `${name} ${type}\n${t.context.unbound.process.log.slice(-2000)}`);
    t.true(m.ad, `${name} ${type} secure`);
  }
});

test.serial('a signature corrupted in the stream is SERVFAIL, and only that RRset', async (t) => {
  const { nats, node } = t.context;
  const owner = Name.parse(`mail.${ZONE}.`);
  const served = await query(`mail.${ZONE}.`, 'A', { port: node.dnsPort, dnssecOk: true });
  const sig = served.answers.find((r) => r.type === RRType.RRSIG)!;
  const bad = sig.rdata.slice();
  bad[bad.length - 5] ^= 0x55;
  const nc = await connect({ servers: nats.url });
  try {
    const subject = zoneSubject(Name.parse(`${ZONE}.`).labels);
    const jsm = await jetstreamManager(nc);
    const expected = await lastSubjectSequence(jsm, subject);
    const record = (rdata: Uint8Array) => ({
      owner: owner.toWire(),
      type: RRType.RRSIG,
      class: RRClass.IN,
      ttl: sig.ttl,
      rdata,
    });
    const soa = await query(`${ZONE}.`, 'SOA', { port: node.dnsPort });
    const serial = new DataView(soa.answers[0].rdata.buffer, soa.answers[0].rdata.byteOffset).getUint32(
      soa.answers[0].rdata.length - 20,
    );
    await appendEvent(
      jetstream(nc),
      subject,
      encodeEvent({
        zone: `${ZONE}.`,
        provenance: {
          actor: 'test:corrupt',
          timeUnixMs: Date.now(),
          reason: 'corrupt a signature',
          requestId: '',
          traceparent: '',
        },
        body: {
          $case: 'changeSet',
          changeSet: {
            fromSerial: serial,
            toSerial: serial,
            removed: [record(sig.rdata)],
            added: [record(bad)],
          },
        },
      }),
      { expectedLastSubjectSequence: expected },
    );
  } finally {
    await nc.close();
  }
  await waitFor('corrupted signature served', async () => {
    const m = await query(`mail.${ZONE}.`, 'A', { port: node.dnsPort, dnssecOk: true });
    return m.answers.some((r) => r.type === RRType.RRSIG && Buffer.from(r.rdata).equals(Buffer.from(bad)));
  });
  const broken = await resolve(t, `mail.${ZONE}.`, 'A');
  t.is(broken.rcode, Rcode.SERVFAIL);
  const fine = await resolve(t, `ns1.${ZONE}.`, 'A');
  t.is(fine.rcode, Rcode.NOERROR);
  t.true(fine.ad);
});
