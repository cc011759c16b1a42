/**
 * DNS UPDATE to a secondary zone (RFC 2136 §6): with FORWARD-DNSUPDATE, a node passes an
 * allowed update on to the zone's primary (BIND here) with its TSIG, relays BIND's signed
 * reply, and the change comes back to the fleet the usual way (NOTIFY, IXFR by the bridge).
 * Without FORWARD-DNSUPDATE the update is refused and BIND never sees it.
 */
import { spawn } from 'node:child_process';
import anyTest, { type TestFn } from 'ava';
import { dig, waitFor } from '../harness/index.js';
import {
  BridgeProcess,
  type Fleet,
  putTsigKeys,
  settings,
  startFleet,
  type TestKey,
  waitForSerial,
  ZoneKind,
} from '../integration/transfer-fixture.js';
import { BindServer } from './legacy-servers.js';

const KEY: TestKey = {
  name: 'forward-key.',
  algorithm: 'hmac-sha256',
  secret: Buffer.from('shoal forwarded update secret 0123').toString('base64'),
};

function zoneText(zone: string): string {
  return `$ORIGIN ${zone}.\n@ 3600 IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n`;
}

const test = anyTest as TestFn<{ fleet: Fleet; bridge: BridgeProcess; bind: BindServer }>;

test.before(async (t) => {
  const fleet = await startFleet(1);
  await putTsigKeys(fleet.nats.url, [KEY]);
  const bridge = await BridgeProcess.start(fleet.nats.url, { notifyListen: true });
  const notify = [bridge.notifyPort!];
  const bind = await BindServer.start({
    keys: [KEY],
    primaries: [
      { name: 'fwd.test', text: zoneText('fwd.test'), alsoNotify: notify, allowUpdateKey: KEY.name },
      { name: 'stay.test', text: zoneText('stay.test'), alsoNotify: notify, allowUpdateKey: KEY.name },
    ],
  });
  t.context = { fleet, bridge, bind };
  const policy = { 'TSIG-ALLOW-DNSUPDATE': { values: [KEY.name] } };
  const client = fleet.admin.client();
  await client.createZone({
    name: 'fwd.test',
    settings: settings({
      kind: ZoneKind.SECONDARY,
      primaries: [`127.0.0.1:${bind.port}`],
      metadata: { ...policy, 'FORWARD-DNSUPDATE': { values: ['yes'] } },
    }),
  });
  await client.createZone({
    name: 'stay.test',
    settings: settings({ kind: ZoneKind.SECONDARY, primaries: [`127.0.0.1:${bind.port}`], metadata: policy }),
  });
  for (const zone of ['fwd.test', 'stay.test']) await waitForSerial(fleet.nodes[0].dnsPort, zone, 1, 20_000);
});

test.after.always(async (t) => {
  await t.context.bridge?.dispose();
  await t.context.bind?.dispose();
  await t.context.fleet?.dispose();
});

async function nsupdate(port: number, commands: string[]) {
  const args = ['-t', '10', '-y', `${KEY.algorithm}:${KEY.name.replace(/\.$/, '')}:${KEY.secret}`];
  const child = spawn('nsupdate', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  child.stdin.end([`server 127.0.0.1 ${port}`, ...commands, 'send', ''].join('\n'));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, output };
}

const a = async (port: number, name: string) =>
  (await dig(['@127.0.0.1', '-p', String(port), name, 'A', '+short', '+norec'])).trim();

test.serial('forwarded to the primary, which applies it; the fleet then serves it', async (t) => {
  const { fleet, bind } = t.context;
  const node = fleet.nodes[0].dnsPort;
  const r = await nsupdate(node, ['zone fwd.test', 'update add www.fwd.test 300 A 192.0.2.44']);
  t.is(r.code, 0, r.output);
  t.is(await a(bind.port, 'www.fwd.test'), '192.0.2.44', 'BIND applied it');
  await waitFor('the fleet has it', async () => (await a(node, 'www.fwd.test')) === '192.0.2.44', 20_000);
  t.pass();
});

test.serial(
  'without FORWARD-DNSUPDATE a secondary zone refuses, and the primary never sees it',
  async (t) => {
    const { fleet, bind } = t.context;
    const r = await nsupdate(fleet.nodes[0].dnsPort, [
      'zone stay.test',
      'update add www.stay.test 300 A 192.0.2.45',
    ]);
    t.regex(r.output, /REFUSED/);
    t.is(await a(bind.port, 'www.stay.test'), '');
  },
);
