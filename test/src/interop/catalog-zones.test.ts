/**
 * Catalog zones (RFC 9432), the fleet as producer: a PRODUCER zone lists every zone whose
 * settings name it, the admin keeps that list as zones come, go and change catalog, and BIND
 * and Knot, configured with nothing but the catalog, serve the member zones and follow the list.
 */
import { Rcode } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import { freePort, query, waitFor } from '../harness/index.js';
import {
  axfrListing,
  BridgeProcess,
  type Fleet,
  settings,
  soaSerialAt,
  startFleet,
  ZoneKind,
} from '../integration/transfer-fixture.js';
import { BindServer, KnotServer } from './legacy-servers.js';

const CATALOG = 'cat.test';

interface Context {
  fleet: Fleet;
  bridge: BridgeProcess;
  bind: BindServer;
  knot: KnotServer;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const fleet = await startFleet(1);
  const bridge = await BridgeProcess.start(fleet.nats.url);
  const node = fleet.nodes[0];
  const [bindPort, knotPort] = [await freePort(), await freePort()];
  const notify = [`127.0.0.1:${bindPort}`, `127.0.0.1:${knotPort}`];
  const client = fleet.admin.client();
  await client.createZone({
    name: CATALOG,
    settings: settings({ kind: ZoneKind.PRODUCER, transferAcl: ['127.0.0.1'], alsoNotify: notify }),
  });
  for (const name of ['alpha.member.test', 'beta.member.test']) {
    await client.createZone({
      name,
      settings: settings({ transferAcl: ['127.0.0.1'], alsoNotify: notify, catalog: CATALOG }),
      nameservers: [`ns1.${name}.`],
      rrsets: [{ name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] }],
    });
  }
  // Not in the catalog (yet).
  await client.createZone({
    name: 'gamma.member.test',
    settings: settings({ transferAcl: ['127.0.0.1'], alsoNotify: notify }),
    nameservers: ['ns1.gamma.member.test.'],
  });
  await waitFor(
    'the catalog lists both members',
    async () => (await memberPtrs(node.dnsPort)).length === 2,
    15_000,
  );
  const bind = await BindServer.start({
    port: bindPort,
    secondaries: [{ name: CATALOG, primaryPort: node.dnsPort }],
    options: [
      `catalog-zones { zone "${CATALOG}" default-primaries { 127.0.0.1 port ${node.dnsPort}; } in-memory yes min-update-interval 1; };`,
    ],
  });
  const knot = await KnotServer.start({
    port: knotPort,
    secondaries: [{ name: CATALOG, primaryPort: node.dnsPort }],
    catalogs: [CATALOG],
  });
  t.context = { fleet, bridge, bind, knot };
});

test.after.always(async (t) => {
  await t.context.bind?.dispose();
  await t.context.knot?.dispose();
  await t.context.bridge?.stop();
  await t.context.fleet?.dispose();
});

async function memberPtrs(port: number): Promise<string[]> {
  const lines = await axfrListing(port, CATALOG).catch(() => []);
  return lines.filter((l) => / ptr /.test(l)).map((l) => l.split(' ').pop()!);
}

/** Whether a legacy server serves `zone` with authority. */
async function serves(port: number, zone: string): Promise<boolean> {
  const reply = await query(`${zone}.`, 'SOA', { port, timeoutMs: 1000 }).catch(() => undefined);
  return reply?.rcode === Rcode.NOERROR && reply.aa === true;
}

test.serial('the catalog zone: SOA, NS invalid., version "2" and one PTR per member', async (t) => {
  const port = t.context.fleet.nodes[0].dnsPort;
  const lines = await axfrListing(port, CATALOG);
  t.true(
    lines.some((l) => /^cat\.test\. \d+ in ns invalid\.$/.test(l)),
    lines.join('\n'),
  );
  t.true(lines.some((l) => /^version\.cat\.test\. 0 in txt "2"$/.test(l)));
  t.deepEqual((await memberPtrs(port)).sort(), ['alpha.member.test.', 'beta.member.test.']);
  t.true(lines.every((l) => !/ ptr /.test(l) || /^[0-9a-f]{40}\.zones\.cat\.test\. /.test(l)));
});

test.serial('BIND and Knot serve the members from the catalog alone, and follow it', async (t) => {
  const { fleet, bind, knot } = t.context;
  const client = fleet.admin.client();
  const legacy = [
    { name: 'BIND', port: bind.port },
    { name: 'Knot', port: knot.port },
  ];
  for (const server of legacy) {
    for (const zone of ['alpha.member.test', 'beta.member.test']) {
      await waitFor(`${server.name} serves ${zone}`, () => serves(server.port, zone), 20_000);
    }
    t.false(await serves(server.port, 'gamma.member.test'), `${server.name}: gamma is not a member yet`);
  }
  // Into the catalog by a settings change, out of it by deletion.
  await client.updateZoneSettings({
    name: 'gamma.member.test',
    settings: settings({ catalog: CATALOG }),
    updateMask: ['catalog'],
  });
  await client.deleteZone({ name: 'alpha.member.test' });
  for (const server of legacy) {
    await waitFor(`${server.name} serves gamma`, () => serves(server.port, 'gamma.member.test'), 20_000);
    await waitFor(
      `${server.name} drops alpha`,
      async () => !(await serves(server.port, 'alpha.member.test')),
      20_000,
    );
  }
  // A member's own changes reach them as for any secondary zone.
  const { serial } = await client.replaceRRset({
    zone: 'beta.member.test',
    rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.81'] },
  });
  for (const server of legacy) {
    await waitFor(
      `${server.name} has beta at serial ${serial}`,
      async () => (await soaSerialAt(server.port, 'beta.member.test')) === serial,
      20_000,
    );
  }
  t.deepEqual((await memberPtrs(fleet.nodes[0].dnsPort)).sort(), ['beta.member.test.', 'gamma.member.test.']);
});

test.serial('a catalog cannot be a member, and the list is not the operator’s to edit by hand', async (t) => {
  const client = t.context.fleet.admin.client();
  const err = await t.throwsAsync(
    client.updateZoneSettings({
      name: CATALOG,
      settings: settings({ kind: ZoneKind.PRODUCER, catalog: CATALOG }),
      updateMask: ['catalog'],
    }),
  );
  t.regex(String(err?.message), /catalog zone cannot be a member/);
  // A PTR written by hand to the list is taken out again by the admin's reconciliation.
  await client.replaceRRset({
    zone: CATALOG,
    rrset: { name: 'bogus.zones', type: 'PTR', ttl: 0, records: ['bogus.test.'] },
  });
  await client.updateZoneSettings({
    name: 'beta.member.test',
    settings: settings({ account: 'poke' }),
    updateMask: ['account'],
  });
  await waitFor(
    'the hand-made member is gone',
    async () => !(await memberPtrs(t.context.fleet.nodes[0].dnsPort)).includes('bogus.test.'),
    15_000,
  );
  t.pass();
});
