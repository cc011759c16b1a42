/**
 * Catalog zones (RFC 9432), the fleet as consumer: BIND is a legacy primary with a catalog of
 * its zones; the fleet is given only the catalog (a CONSUMER zone), and every node then serves
 * each member BIND lists, pulled by the bridge. When BIND's catalog changes, members come and
 * go in the fleet; a zone the fleet already had is not taken over.
 */
import { Rcode } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import { query, waitFor } from '../harness/index.js';
import {
  BridgeProcess,
  type Fleet,
  settings,
  startFleet,
  waitForSerial,
  ZoneKind,
} from '../integration/transfer-fixture.js';
import { BindServer } from './legacy-servers.js';

const CATALOG = 'legacy-cat.test';

function catalogText(serial: number, members: string[]): string {
  return [
    `$ORIGIN ${CATALOG}.`,
    `@ 0 IN SOA invalid. invalid. ${serial} 3600 600 86400 0`,
    '@ 0 IN NS invalid.',
    'version 0 IN TXT "2"',
    ...members.map((m, i) => `m${i}-${m.split('.')[0]}.zones 0 IN PTR ${m}.`),
    '',
  ].join('\n');
}

function memberText(zone: string, serial: number): string {
  return [
    `$ORIGIN ${zone}.`,
    `@ 3600 IN SOA ns1.${zone}. hostmaster.${zone}. ${serial} 3600 600 604800 300`,
    `@ IN NS ns1.${zone}.`,
    'ns1 IN A 192.0.2.1',
    'www IN A 192.0.2.80',
    '',
  ].join('\n');
}

interface Context {
  fleet: Fleet;
  bridge: BridgeProcess;
  bind: BindServer;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const fleet = await startFleet(1);
  const bridge = await BridgeProcess.start(fleet.nats.url, { notifyListen: true });
  const notify = [bridge.notifyPort!];
  const bind = await BindServer.start({
    primaries: [
      { name: CATALOG, text: catalogText(1, ['one.legacy.test', 'two.legacy.test']), alsoNotify: notify },
      { name: 'one.legacy.test', text: memberText('one.legacy.test', 10), alsoNotify: notify },
      { name: 'two.legacy.test', text: memberText('two.legacy.test', 20), alsoNotify: notify },
      { name: 'three.legacy.test', text: memberText('three.legacy.test', 30), alsoNotify: notify },
      { name: 'mine.legacy.test', text: memberText('mine.legacy.test', 40), alsoNotify: notify },
    ],
  });
  t.context = { fleet, bridge, bind };
  const client = fleet.admin.client();
  // A zone the fleet has of its own, which BIND's catalog will list too.
  await client.createZone({
    name: 'mine.legacy.test',
    settings: settings({ kind: ZoneKind.NATIVE }),
    nameservers: ['ns1.mine.legacy.test.'],
  });
  await client.createZone({
    name: CATALOG,
    settings: settings({
      kind: ZoneKind.CONSUMER,
      primaries: [`127.0.0.1:${bind.port}`],
      transferAcl: ['127.0.0.1'],
    }),
  });
});

test.after.always(async (t) => {
  await t.context.bridge?.dispose();
  await t.context.bind?.dispose();
  await t.context.fleet?.dispose();
});

async function served(port: number, zone: string): Promise<boolean> {
  const reply = await query(`${zone}.`, 'SOA', { port, timeoutMs: 1000 }).catch(() => undefined);
  return reply?.rcode === Rcode.NOERROR && reply.aa === true;
}

test.serial('the members BIND lists are served by the fleet, pulled from BIND', async (t) => {
  const port = t.context.fleet.nodes[0].dnsPort;
  await waitForSerial(port, 'one.legacy.test', 10, 30_000);
  await waitForSerial(port, 'two.legacy.test', 20, 30_000);
  t.false(await served(port, 'three.legacy.test'), 'not listed');
  const zone = await t.context.fleet.admin.client().getZone({ name: 'one.legacy.test', omitRecords: true });
  t.is(zone.settings?.kind, ZoneKind.SECONDARY);
  t.is(zone.settings?.catalog, `${CATALOG}.`);
  t.deepEqual(zone.settings?.primaries, [`127.0.0.1:${t.context.bind.port}`]);
});

test.serial(
  'BIND changes its catalog: one member goes, one comes; a zone of our own is not taken',
  async (t) => {
    const { bind, fleet } = t.context;
    const port = fleet.nodes[0].dnsPort;
    await bind.updatePrimary(
      CATALOG,
      catalogText(2, ['two.legacy.test', 'three.legacy.test', 'mine.legacy.test']),
    );
    await waitForSerial(port, 'three.legacy.test', 30, 30_000);
    await waitFor('one.legacy.test is gone', async () => !(await served(port, 'one.legacy.test')), 30_000);
    t.true(await served(port, 'two.legacy.test'));
    const mine = await fleet.admin.client().getZone({ name: 'mine.legacy.test', omitRecords: true });
    t.is(mine.settings?.kind, ZoneKind.NATIVE, 'still ours');
    t.is(mine.settings?.catalog, '');
    t.regex(fleet.admin.process.log, /catalog member exists already and is not taken over/);
  },
);
