/**
 * The thinnest end-to-end slice: a write through gRPC becomes an event in JetStream, a node
 * projects it into LevelDB and answers real DNS packets (our client and dig) over UDP and TCP.
 * Real nats-server, real processes, real sockets.
 */
import { rmSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Rcode, RRType, rdataToText } from '@shoal/dns-wire';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, dig, NatsServer, NodeProcess, query, tempDir, waitFor } from '../harness/index.js';

const test = anyTest as TestFn<{ nats: NatsServer; admin: AdminProcess; node: NodeProcess }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'skeleton-1' });
  t.context = { nats, admin, node };
});

test.after.always(async (t) => {
  await t.context.node?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
});

const answers = (m: Awaited<ReturnType<typeof query>>) =>
  m.answers.map((r) => `${r.name} ${r.ttl} ${rdataToText(r.type, r.rdata)}`);

test.serial('a zone created through gRPC is served with AA set, over UDP, TCP and to dig', async (t) => {
  const { admin, node } = t.context;
  const client = admin.client();
  const created = await client.createZone({
    name: 'skeleton.test',
    nameservers: ['ns1.skeleton.test.'],
    rrsets: [{ name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] }],
    options: { requestId: 'create-skeleton', reason: 'test' },
  });
  t.true(created.sequence > 0);
  t.is(created.serial, 1);

  const soa = await waitFor('SOA served', async () => {
    const m = await query('skeleton.test', 'SOA', { port: node.dnsPort });
    return m.rcode === Rcode.NOERROR && m.answers.length === 1 ? m : undefined;
  });
  t.true(soa.aa, 'authoritative answer');
  t.is(soa.answers[0].type, RRType.SOA);

  const tcp = await query('ns1.skeleton.test', 'A', { port: node.dnsPort, tcp: true });
  t.deepEqual(answers(tcp), ['ns1.skeleton.test. 300 192.0.2.53']);

  const out = await dig(['@127.0.0.1', '-p', String(node.dnsPort), 'skeleton.test', 'SOA', '+norec']);
  t.regex(out, /flags: qr aa;/);
  t.regex(out, /skeleton\.test\.\s+3600\s+IN\s+SOA\s+ns1\.skeleton\.test\. hostmaster\.skeleton\.test\. 1 /);
});

test.serial('replace and delete RRsets: new serial each time, visible within a second', async (t) => {
  const { admin, node } = t.context;
  const client = admin.client();
  const started = Date.now();
  const r1 = await client.replaceRRset({
    zone: 'skeleton.test',
    rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.1', '192.0.2.2'] },
  });
  t.is(r1.serial, 2);
  const www = await waitFor(
    'www served',
    async () => {
      const m = await query('www.skeleton.test', 'A', { port: node.dnsPort });
      return m.answers.length === 2 ? m : undefined;
    },
    1000,
    5,
  );
  t.true(Date.now() - started < 1000);
  t.deepEqual(answers(www).sort(), ['www.skeleton.test. 60 192.0.2.1', 'www.skeleton.test. 60 192.0.2.2']);

  // NODATA: the name exists, the type does not; SOA in authority with the negative TTL.
  const nodata = await query('www.skeleton.test', 'MX', { port: node.dnsPort });
  t.is(nodata.rcode, Rcode.NOERROR);
  t.is(nodata.answers.length, 0);
  t.is(nodata.authorities[0]?.type, RRType.SOA);

  const r2 = await client.deleteRRset({ zone: 'skeleton.test', name: 'www', type: 'A' });
  t.is(r2.serial, 3);
  t.true(r2.sequence > r1.sequence);
  const gone = await waitFor('www gone', async () => {
    const m = await query('www.skeleton.test', 'A', { port: node.dnsPort });
    return m.rcode === Rcode.NXDOMAIN ? m : undefined;
  });
  t.true(gone.aa);
  t.is(gone.authorities[0]?.type, RRType.SOA);
  const soa = await query('skeleton.test', 'SOA', { port: node.dnsPort });
  t.regex(rdataToText(RRType.SOA, soa.answers[0].rdata), / 3 10800 /);
});

test.serial('names outside every zone are REFUSED', async (t) => {
  const m = await query('elsewhere.invalid', 'A', { port: t.context.node.dnsPort });
  t.is(m.rcode, Rcode.REFUSED);
  t.false(m.aa);
});

test.serial('a retried request with the same idempotency key is applied once', async (t) => {
  const client = t.context.admin.client();
  const req = {
    zone: 'skeleton.test',
    rrset: { name: 'once', type: 'TXT', ttl: 60, records: ['"hello"'] },
    options: { requestId: 'retry-me', reason: '' },
  };
  const a = await client.replaceRRset(req);
  const b = await client.replaceRRset(req);
  t.is(b.sequence, a.sequence);
  t.is(b.serial, a.serial);
  const zone = await client.getZone({ name: 'skeleton.test', omitRecords: true });
  t.is(zone.serial, a.serial);
});

async function cleanProjectionDigest(natsUrl: string, upTo: number): Promise<string> {
  const dir = tempDir('clean');
  const store = await ZoneStore.open(dir);
  const nc = await connect({ servers: natsUrl });
  const follower = new StreamFollower(jetstream(nc), store);
  follower.start();
  await follower.waitForSequence(upTo, 15_000);
  await follower.stop();
  await nc.close();
  const digest = await store.digest();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return digest;
}

test.serial(
  'a killed node resumes from its applied position without missing or repeating events',
  async (t) => {
    const { admin, node, nats } = t.context;
    const client = admin.client();
    await node.kill();
    let last = 0;
    for (let i = 0; i < 5; i++) {
      last = (
        await client.replaceRRset({
          zone: 'skeleton.test',
          rrset: { name: `down${i}`, type: 'A', ttl: 60, records: [`192.0.2.${10 + i}`] },
        })
      ).sequence;
    }
    await node.restart();
    const loaded = await node.process.waitForOutput(
      /"applied":(\d+).*store loaded|store loaded.*"applied":(\d+)/,
    );
    const appliedBefore = Number(loaded[1] ?? loaded[2]);
    const following = await node.process.waitForOutput(/"from":(\d+)/);
    t.is(Number(following[1]), appliedBefore + 1, 'the feed reopens right after the applied position');
    t.true(appliedBefore < last);
    await waitFor(
      'caught up',
      async () => (await query('down4.skeleton.test', 'A', { port: node.dnsPort })).answers.length === 1,
    );
    for (let i = 0; i < 5; i++) {
      t.is((await query(`down${i}.skeleton.test`, 'A', { port: node.dnsPort })).answers.length, 1);
    }
    // The resumed store is byte-for-byte the projection a fresh node builds from the stream.
    await node.stop();
    const resumed = await ZoneStore.open(node.dataDirectory);
    const resumedDigest = await resumed.digest();
    const applied = resumed.appliedSequence;
    await resumed.close();
    t.is(applied, last);
    t.is(resumedDigest, await cleanProjectionDigest(nats.url, last));
    await node.restart();
  },
);

test.serial('a node whose LevelDB directory is deleted rebuilds it from the stream', async (t) => {
  const { node } = t.context;
  await node.stop();
  rmSync(node.dataDirectory, { recursive: true, force: true });
  await node.restart();
  const m = await waitFor('rebuilt', async () => {
    const r = await query('down3.skeleton.test', 'A', { port: node.dnsPort });
    return r.answers.length === 1 ? r : undefined;
  });
  t.deepEqual(answers(m), ['down3.skeleton.test. 60 192.0.2.13']);
  const soa = await query('skeleton.test', 'SOA', { port: node.dnsPort });
  t.true(soa.aa);
});
