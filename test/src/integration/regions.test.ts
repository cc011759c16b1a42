/**
 * Two regions on loopback: the home region's nats-server holds the DNS stream; region B is a
 * separate server with its own JetStream domain, joined by a leafnode connection, holding a
 * mirror stream DNS_B that its nodes read. The link is cut, writes continue in the home region,
 * the link heals, and region B converges to the same sequence and the same answers.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import test from 'ava';
import {
  AdminProcess,
  freePort,
  NatsServer,
  NodeProcess,
  query,
  TcpProxy,
  waitFor,
  waitForApplied,
} from '../harness/index.js';

test('region B reads its mirror, survives a cut link and converges after it heals', async (t) => {
  t.timeout(120_000);
  const leafPort = await freePort();
  const proxyPort = await freePort();
  const home = await NatsServer.start({
    serverName: 'home',
    // Advertise the relay, or region B would learn the hub's real leafnode address and bypass it.
    extraConfig: `leafnodes { listen: 127.0.0.1:${leafPort}, advertise: "127.0.0.1:${proxyPort}" }`,
    jetstreamDomain: 'hub',
  });
  const proxy = await TcpProxy.start(proxyPort, { host: '127.0.0.1', port: leafPort });
  const regionB = await NatsServer.start({
    serverName: 'region-b',
    extraConfig: `leafnodes { remotes: [ { url: "nats-leaf://127.0.0.1:${proxyPort}" } ] }`,
    jetstreamDomain: 'region-b',
  });
  const admin = await AdminProcess.start(home.url);
  const homeNode = await NodeProcess.start(home.url, { nodeId: 'home-1', region: 'home' });
  const ncB = await connect({ servers: regionB.url });
  const ncHome = await connect({ servers: home.url });
  const client = admin.client();
  let nodeB: NodeProcess | undefined;
  try {
    const jsmB = await jetstreamManager(ncB);
    await waitFor(
      'mirror created',
      async () => {
        await jsmB.streams.add({
          name: 'DNS_B',
          mirror: { name: 'DNS', external: { api: '$JS.hub.API', deliver: '' } },
        });
        return true;
      },
      20_000,
      500,
    );
    nodeB = await NodeProcess.start(regionB.url, {
      nodeId: 'b-1',
      region: 'b',
      env: { SHOAL_STREAM: 'DNS_B' },
    });

    const created = await client.createZone({ name: 'regions.test', nameservers: ['ns1.regions.test.'] });
    const first = await client.replaceRRset({
      zone: 'regions.test',
      rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.1'] },
    });
    t.true(first.sequence > created.sequence);
    // The mirror keeps the origin's sequence numbers, so one sequence means the same write everywhere.
    await waitForApplied(ncB, 'b-1', first.sequence);
    t.is((await query('www.regions.test', 'A', { port: nodeB.dnsPort })).answers.length, 1);
    // Region B's heartbeats cross the leafnode: the admin's WaitForSync sees both regions.
    const sync = await client.waitForSync({ sequence: first.sequence, timeoutMs: 10_000 });
    t.true(sync.inSync);
    t.deepEqual(sync.nodes.map((n) => n.region).sort(), ['b', 'home']);

    await proxy.cut();
    let last = first.sequence;
    for (let i = 0; i < 5; i++) {
      last = (
        await client.replaceRRset({
          zone: 'regions.test',
          rrset: { name: `cut${i}`, type: 'A', ttl: 60, records: [`192.0.2.${10 + i}`] },
        })
      ).sequence;
    }
    await waitForApplied(ncHome, 'home-1', last);
    t.is((await query('cut4.regions.test', 'A', { port: homeNode.dnsPort })).answers.length, 1);
    // Region B still answers what it had, and does not have the new data.
    await new Promise((r) => setTimeout(r, 1500));
    t.is((await query('www.regions.test', 'A', { port: nodeB.dnsPort })).answers.length, 1);
    t.is((await query('cut4.regions.test', 'A', { port: nodeB.dnsPort })).rcode, 3);
    const partial = await client.waitForSync({ sequence: last, timeoutMs: 1000, region: 'b' });
    t.false(partial.inSync);

    await proxy.heal();
    await waitForApplied(ncB, 'b-1', last, 60_000);
    for (let i = 0; i < 5; i++)
      t.is((await query(`cut${i}.regions.test`, 'A', { port: nodeB.dnsPort })).answers.length, 1);
    const healed = await client.waitForSync({ sequence: last, timeoutMs: 10_000 });
    t.true(healed.inSync);
  } finally {
    client.close();
    await ncB.close();
    await ncHome.close();
    await nodeB?.dispose();
    await homeNode.dispose();
    await admin.dispose();
    await regionB.dispose();
    await proxy.dispose();
    await home.dispose();
  }
});
