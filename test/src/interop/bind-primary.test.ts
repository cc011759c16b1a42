/**
 * BIND as a hidden primary feeding the fleet: secondary zones created through gRPC, pulled by
 * two transfer bridges (AXFR first, then IXFR on BIND's NOTIFY), published once into the
 * stream however many bridges pull, and served by every node; NOTIFY reaching a node is
 * forwarded to the bridges; an unreachable primary makes the zone expire and stop being served.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Name, Rcode } from '@shoal/dns-wire';
import { openEventFeed } from '@shoal/event-store';
import { decodeEvent, zoneSubject } from '@shoal/events';
import { buildNotify, notifyAckRcode } from '@shoal/zone-transfer';
import anyTest, { type TestFn } from 'ava';
import { query, udpExchange, waitFor } from '../harness/index.js';
import {
  axfrListing,
  BridgeProcess,
  type Fleet,
  settings,
  startFleet,
  waitForSerial,
  ZoneKind,
} from '../integration/transfer-fixture.js';
import { BindServer } from './legacy-servers.js';

interface Context {
  fleet: Fleet;
  bridges: BridgeProcess[];
  bind: BindServer;
}
const test = anyTest as TestFn<Context>;

function zoneText(origin: string, serial: number, timers: string, extra: string[]): string {
  return [
    `$ORIGIN ${origin}.`,
    '$TTL 300',
    `@ 3600 IN SOA ns1.${origin}. hostmaster.${origin}. ${serial} ${timers}`,
    `@ IN NS ns1.${origin}.`,
    '@ IN NS ns2.example.net.',
    'ns1 IN A 192.0.2.1',
    ...extra,
    '',
  ].join('\n');
}

const SLOW = '3600 600 604800 300';
const FAST = '2 1 8 60';

test.before(async (t) => {
  const fleet = await startFleet(2);
  const bridges = [
    await BridgeProcess.start(fleet.nats.url, { bridgeId: 'bridge-a', notifyListen: true }),
    await BridgeProcess.start(fleet.nats.url, { bridgeId: 'bridge-b', notifyListen: true }),
  ];
  const notifyPorts = bridges.map((b) => b.notifyPort!);
  const bind = await BindServer.start({
    primaries: [
      {
        name: 'legacy.test',
        text: zoneText('legacy.test', 2024010101, SLOW, [
          'www IN A 192.0.2.80',
          'mail IN MX 10 mx.legacy.test.',
        ]),
        alsoNotify: notifyPorts,
      },
      { name: 'quiet.test', text: zoneText('quiet.test', 100, SLOW, ['www IN A 192.0.2.90']) },
      {
        name: 'expiring.test',
        text: zoneText('expiring.test', 7, FAST, ['www IN A 192.0.2.70']),
        alsoNotify: notifyPorts,
      },
    ],
  });
  t.context = { fleet, bridges, bind };
  const client = fleet.admin.client();
  for (const name of ['legacy.test', 'quiet.test', 'expiring.test']) {
    await client.createZone({
      name,
      settings: settings({
        kind: ZoneKind.SECONDARY,
        primaries: [`127.0.0.1:${bind.port}`],
        transferAcl: ['127.0.0.1'],
      }),
      nameservers: [`ns1.${name}.`],
    });
  }
});

test.after.always(async (t) => {
  for (const b of t.context.bridges ?? []) await b.dispose();
  await t.context.bind?.dispose();
  await t.context.fleet?.dispose();
});

async function everyNodeAt(t: { context: Context }, zone: string, serial: number): Promise<void> {
  for (const node of t.context.fleet.nodes) await waitForSerial(node.dnsPort, zone, serial, 20_000);
}

async function sameAsBind(t: { context: Context }, zone: string): Promise<[string[], string[]]> {
  const theirs = await axfrListing(t.context.bind.port, zone);
  const ours = await axfrListing(t.context.fleet.nodes[1].dnsPort, zone);
  return [ours, theirs];
}

/** Every ChangeSet stored for a zone, as to-serials in stream order. */
async function storedChangeSets(natsUrl: string, zone: string): Promise<number[]> {
  const nc = await connect({ servers: natsUrl });
  const feed = await openEventFeed(jetstream(nc), 1, { subject: zoneSubject(Name.parse(`${zone}.`).labels) });
  const serials: number[] = [];
  try {
    for await (const stored of feed) {
      const event = decodeEvent(stored.data, stored.sequence);
      if (event.body?.$case === 'changeSet') serials.push(event.body.changeSet.toSerial);
      if (stored.pending === 0) break;
    }
  } finally {
    await feed.close();
    await nc.close();
  }
  return serials;
}

test.serial('the first pull is a full transfer: every node serves what BIND has', async (t) => {
  await everyNodeAt(t, 'legacy.test', 2024010101);
  await everyNodeAt(t, 'quiet.test', 100);
  const [ours, theirs] = await sameAsBind(t, 'legacy.test');
  t.deepEqual(ours, theirs);
  t.true(ours.some((l) => l.startsWith('mail.legacy.test. 300 in mx 10 mx.legacy.test.')));
});

test.serial(
  'changes on BIND reach every node by NOTIFY and IXFR, each stored exactly once with two bridges',
  async (t) => {
    const { bind } = t.context;
    const versions = [
      ['www IN A 192.0.2.81', 'mail IN MX 10 mx.legacy.test.', 'new IN TXT "added"'],
      ['www IN A 192.0.2.81', 'www IN A 192.0.2.82', 'new IN TXT "changed"'],
      ['www 60 IN A 192.0.2.82', 'srv._tcp IN SRV 0 0 443 www.legacy.test.'],
    ];
    let serial = 2024010101;
    for (const extra of versions) {
      serial++;
      await bind.updatePrimary('legacy.test', zoneText('legacy.test', serial, SLOW, extra));
      await everyNodeAt(t, 'legacy.test', serial);
      const [ours, theirs] = await sameAsBind(t, 'legacy.test');
      t.deepEqual(ours, theirs, `serial ${serial}`);
    }
    const stored = await storedChangeSets(t.context.fleet.nats.url, 'legacy.test');
    t.deepEqual(
      stored,
      [2024010101, 2024010102, 2024010103, 2024010104],
      'one ChangeSet per serial, whichever bridge pulled',
    );
    const logs = t.context.bridges.map((b) => b.log).join('\n');
    for (const b of t.context.bridges) {
      const lines = b.log
        .split('\n')
        .filter((l) => l.includes('legacy.test') && l.includes('secondary zone refreshed'));
      const published = lines.map((l) => JSON.parse(l).published as number).reduce((a, n) => a + n, 0);
      const lost = b.log.split('\n').filter((l) => l.includes('another writer got there first')).length;
      if (process.env.XFR_DEBUG)
        t.log(
          b.log
            .split('\n')
            .filter((l) => l.includes('legacy'))
            .join('\n'),
        );
      t.log(
        `${b.bridgeId}: ${lines.length} refreshes of legacy.test, ${published} ChangeSets published, ${lost} races lost`,
      );
    }
    t.regex(logs, /"via":"ixfr".*"secondary zone refreshed"|"secondary zone refreshed".*"via":"ixfr"/);
    t.regex(logs, /NOTIFY received/);
  },
);

test.serial('a NOTIFY sent to a node is checked and forwarded to the bridges', async (t) => {
  const { bind, fleet } = t.context;
  await bind.updatePrimary('quiet.test', zoneText('quiet.test', 101, SLOW, ['www IN A 192.0.2.91']));
  // BIND notifies nobody for this zone: we play its NOTIFY, from the primary's address.
  const node = fleet.nodes[0];
  const reply = await udpExchange(buildNotify(Name.parse('quiet.test.'), 4242), node.dnsPort);
  t.is(notifyAckRcode(reply!, 4242, Name.parse('quiet.test.')), Rcode.NOERROR);
  await everyNodeAt(t, 'quiet.test', 101);
  // A NOTIFY for a zone that is not a secondary is refused.
  const other = await udpExchange(buildNotify(Name.parse('legacy.test.'), 1), node.dnsPort);
  t.is(
    notifyAckRcode(other!, 1, Name.parse('legacy.test.')),
    Rcode.NOERROR,
    'legacy.test is a secondary too',
  );
});

test.serial(
  'a zone whose primary stays away past EXPIRE stops being served, and comes back with it',
  async (t) => {
    const { bind, fleet } = t.context;
    await everyNodeAt(t, 'expiring.test', 7);
    await bind.stop();
    const node = fleet.nodes[0];
    await waitFor(
      'expiring.test to expire',
      async () => (await query('www.expiring.test', 'A', { port: node.dnsPort })).rcode === Rcode.SERVFAIL,
      30_000,
      200,
    );
    t.is((await query('expiring.test', 'SOA', { port: fleet.nodes[1].dnsPort })).rcode, Rcode.SERVFAIL);
    // The other zones are not expired yet (their EXPIRE is a week).
    t.is((await query('legacy.test', 'SOA', { port: node.dnsPort })).rcode, Rcode.NOERROR);
    await bind.restart();
    await waitFor(
      'expiring.test served again',
      async () => (await query('www.expiring.test', 'A', { port: node.dnsPort })).rcode === Rcode.NOERROR,
      30_000,
      200,
    );
    const answer = await query('www.expiring.test', 'A', { port: fleet.nodes[1].dnsPort });
    t.is(answer.answers.length, 1);
  },
);
