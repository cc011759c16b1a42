/**
 * Key rollovers without a validation failure, time-compressed (TTLs of 2 s, a propagation
 * delay of 1 s): a parent zone and its child, both signed by the signer and served by one
 * node; Unbound (trust anchor: the parent's DS) and delv ask for child names every few hundred
 * milliseconds while the child rolls its ZSK (pre-publication) and then its KSK (double
 * signature, the DS at the parent replaced from the child's CDS by a small parent agent in
 * the test, the signer noticing the new DS itself). Every answer must stay secure.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Message, Rcode, RRType, rdataToText } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, tempDir, waitFor } from '../harness/index.js';
import { delv, writeAnchorFile } from '../interop/dnssec-tools.js';
import { DnssecClient, SignerProcess, UnboundProcess } from './dnssec-support.js';

interface Context {
  nats: NatsServer;
  admin: AdminProcess;
  signer: SignerProcess;
  node: NodeProcess;
  unbound: UnboundProcess;
  dnssec: DnssecClient;
  anchor: string;
  dir: string;
}
const test = anyTest as TestFn<Context>;
const PARENT = 'parent.test';
const CHILD = 'child.parent.test';
const TTL = 2;

const TIMING = {
  SHOAL_SIGNER_DNSKEY_TTL: String(TTL),
  SHOAL_SIGNER_MAX_ZONE_TTL: String(TTL),
  SHOAL_SIGNER_PROPAGATION_DELAY: '1',
  SHOAL_SIGNER_PUBLISH_SAFETY: '1',
  SHOAL_SIGNER_RETIRE_SAFETY: '1',
  SHOAL_SIGNER_PARENT_DS_TTL: String(TTL),
  SHOAL_SIGNER_PARENT_PROPAGATION_DELAY: '1',
  SHOAL_SIGNER_CHECK_INTERVAL_MS: '250',
};

async function createSigned(
  t: { context: Partial<Context> },
  zone: string,
  rrsets: { name: string; type: string; ttl: number; records: string[] }[],
): Promise<void> {
  const { admin, dnssec, node } = t.context as Context;
  await admin.client().createZone({
    name: zone,
    nameservers: [`ns1.${zone}.`],
    rrsets: [
      { name: '@', type: 'SOA', ttl: TTL, records: [`ns1.${zone}. hostmaster.${zone}. 1 60 60 600 ${TTL}`] },
      ...rrsets,
    ],
  });
  await dnssec.setSigning({ zone, signed: true });
  await waitFor(
    `${zone} signed`,
    async () =>
      (await query(`${zone}.`, 'DNSKEY', { port: node.dnsPort, dnssecOk: true })).answers.some(
        (r) => r.type === RRType.RRSIG,
      ),
    20_000,
    100,
  );
}

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url, { env: TIMING });
  const node = await NodeProcess.start(nats.url, { nodeId: 'rollover-1' });
  const dnssec = new DnssecClient(admin.address);
  const partial: Partial<Context> = { nats, admin, signer, node, dnssec, dir: tempDir('rollover') };
  t.context = partial as Context;
  await createSigned(t, PARENT, [{ name: 'ns1', type: 'A', ttl: TTL, records: ['192.0.2.53'] }]);
  await createSigned(t, CHILD, [
    { name: 'ns1', type: 'A', ttl: TTL, records: ['192.0.2.54'] },
    { name: 'www', type: 'A', ttl: TTL, records: ['192.0.2.80'] },
  ]);
  // The delegation, with the child's DS.
  const childKsk = (await dnssec.listKeys(CHILD)).keys.find((k) => k.role === 'ksk')!;
  await admin.client().replaceRRset({
    zone: PARENT,
    rrset: { name: 'child', type: 'NS', ttl: TTL, records: [`ns1.${CHILD}.`] },
  });
  await admin.client().replaceRRset({
    zone: PARENT,
    rrset: { name: 'ns1.child', type: 'A', ttl: TTL, records: ['192.0.2.54'] },
  });
  await admin
    .client()
    .replaceRRset({ zone: PARENT, rrset: { name: 'child', type: 'DS', ttl: TTL, records: [childKsk.ds] } });
  const parentKsk = (await dnssec.listKeys(PARENT)).keys.find((k) => k.role === 'ksk')!;
  const anchor = join(t.context.dir, 'parent.anchor');
  writeAnchorFile(anchor, `${PARENT}.`, [parentKsk.dnskey]);
  t.context.anchor = anchor;
  t.context.unbound = await UnboundProcess.start({
    stubs: [{ zone: `${PARENT}.`, port: node.dnsPort }],
    anchors: [`${PARENT}. DS ${parentKsk.ds}`],
    maxTtl: TTL,
  });
});

test.after.always(async (t) => {
  t.context.dnssec?.close();
  await t.context.unbound?.dispose();
  await t.context.node?.dispose();
  await t.context.signer?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
  if (t.context.dir) rmSync(t.context.dir, { recursive: true, force: true });
});

/** Asks Unbound and delv, alternately, until stopped; counts what was not secure. */
class Watcher {
  checks = 0;
  failures: string[] = [];
  #stopped = false;
  #done: Promise<void>;

  constructor(private readonly context: Context) {
    this.#done = this.#loop();
  }

  async #loop(): Promise<void> {
    const { unbound, node, anchor } = this.context;
    for (let i = 0; !this.#stopped; i++) {
      const name = i % 3 === 2 ? `nothere${i}.${CHILD}.` : `www.${CHILD}.`;
      try {
        if (i % 2 === 0) {
          const m: Message = await query(name, 'A', {
            port: unbound.port,
            rd: true,
            dnssecOk: true,
            timeoutMs: 5000,
          });
          const ok = (m.rcode === Rcode.NOERROR || m.rcode === Rcode.NXDOMAIN) && m.ad;
          if (!ok)
            this.failures.push(`${new Date().toISOString()} unbound ${name}: rcode ${m.rcode} ad ${m.ad}`);
        } else {
          const r = await delv(node.dnsPort, anchor, `${PARENT}.`, name, 'A');
          if (!r.validated) this.failures.push(`${new Date().toISOString()} delv ${name}:\n${r.text}`);
        }
      } catch (error) {
        this.failures.push(`${new Date().toISOString()} ${name}: ${(error as Error).message}`);
      }
      this.checks++;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

/** The parent's operator: copies the child's CDS into the parent's DS RRset whenever they differ. */
class ParentAgent {
  updates = 0;
  #stopped = false;
  #done: Promise<void>;

  constructor(private readonly context: Context) {
    this.#done = this.#loop();
  }

  async #loop(): Promise<void> {
    const { node, admin } = this.context;
    while (!this.#stopped) {
      try {
        const cds = await query(`${CHILD}.`, 'CDS', { port: node.dnsPort });
        const ds = await query(`${CHILD}.`, 'DS', { port: node.dnsPort });
        const want = cds.answers
          .filter((r) => r.type === RRType.CDS)
          .map((r) => rdataToText(RRType.CDS, r.rdata))
          .sort();
        const have = ds.answers
          .filter((r) => r.type === RRType.DS)
          .map((r) => rdataToText(RRType.DS, r.rdata))
          .sort();
        if (want.length > 0 && want.join('|') !== have.join('|')) {
          await admin
            .client()
            .replaceRRset({ zone: PARENT, rrset: { name: 'child', type: 'DS', ttl: TTL, records: want } });
          this.updates++;
        }
      } catch {
        // Try again on the next round.
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

async function keys(t: { context: Context }) {
  return (await t.context.dnssec.listKeys(CHILD)).keys;
}

test.serial('the child validates before any rollover', async (t) => {
  const m = await query(`www.${CHILD}.`, 'A', {
    port: t.context.unbound.port,
    rd: true,
    dnssecOk: true,
    timeoutMs: 5000,
  });
  t.is(m.rcode, Rcode.NOERROR, t.context.unbound.process.log.slice(-3000));
  t.true(m.ad);
  t.true(
    (await delv(t.context.node.dnsPort, t.context.anchor, `${PARENT}.`, `www.${CHILD}.`, 'A')).validated,
  );
});

test.serial(
  'ZSK rollover (pre-publication) and KSK rollover (double signature) with continuous validation',
  async (t) => {
    const watcher = new Watcher(t.context);
    const agent = new ParentAgent(t.context);
    try {
      const oldZsk = (await keys(t)).find((k) => k.role === 'zsk' && k.state === 'active')!;
      await t.context.dnssec.rollover(CHILD, 'zsk');
      const during = await keys(t);
      t.true(
        during.some((k) => k.role === 'zsk' && k.state === 'published' && k.predecessor === oldZsk.id),
        'successor pre-published',
      );
      await waitFor(
        'old ZSK removed',
        async () => (await keys(t)).find((k) => k.id === oldZsk.id)?.state === 'removed',
        40_000,
        250,
      );
      t.true((await keys(t)).some((k) => k.role === 'zsk' && k.state === 'active' && k.id !== oldZsk.id));

      const oldKsk = (await keys(t)).find((k) => k.role === 'ksk' && k.state === 'active')!;
      await t.context.dnssec.rollover(CHILD, 'ksk');
      await waitFor(
        'old KSK removed',
        async () => (await keys(t)).find((k) => k.id === oldKsk.id)?.state === 'removed',
        60_000,
        250,
      );
      const after = await keys(t);
      const newKsk = after.find((k) => k.role === 'ksk' && k.state === 'active')!;
      t.not(newKsk.id, oldKsk.id);
      t.true(newKsk.dsSeen > 0, 'the signer saw the new DS at the parent');
      t.true(agent.updates >= 2, 'DS went to both keys, then to the new one');
      // Let the last changes reach the validators' caches.
      await new Promise((r) => setTimeout(r, 3 * TTL * 1000));
    } finally {
      await agent.stop();
      await watcher.stop();
    }
    t.true(watcher.checks > 40, `${watcher.checks} checks`);
    t.deepEqual(watcher.failures, [], `${watcher.failures.length} of ${watcher.checks} checks failed`);
  },
);
