/**
 * A node listening on a wildcard address (as an anycast node does: the service address sits on
 * a loopback or dummy interface beside the host's own) must answer each query from the address
 * it was sent to; dig and resolvers drop replies from any other source. Here 127.0.0.2 and
 * 127.0.0.3 stand in for the service addresses.
 */
import { connect } from '@nats-io/transport-node';
import test from 'ava';
import { dig, loadSyntheticHistory, NatsServer, NodeProcess, waitForApplied } from '../harness/index.js';

test('on 0.0.0.0 the node answers UDP from the queried address; dig accepts it', async (t) => {
  t.timeout(60_000);
  const nats = await NatsServer.start();
  const { lastSequence } = await loadSyntheticHistory(nats.url, {
    zones: 1,
    changesPerZone: 1,
    zonePrefix: 'any',
  });
  const node = await NodeProcess.start(nats.url, {
    nodeId: 'wild',
    address: '0.0.0.0',
    env: { SHOAL_WEB_LISTEN: 'off' },
  });
  const nc = await connect({ servers: nats.url });
  try {
    await waitForApplied(nc, 'wild', lastSequence);
    t.regex(node.process.log, /"udp_io":"batched"/);
    for (const server of ['127.0.0.2', '127.0.0.3', '127.0.0.1']) {
      const out = await dig([
        `@${server}`,
        '-p',
        String(node.dnsPort),
        'any0.test',
        'SOA',
        '+norec',
        '+tries=1',
        '+time=2',
      ]);
      t.regex(out, /status: NOERROR/, server);
      t.regex(out, /flags: qr aa;/, server);
      t.regex(
        out,
        new RegExp(
          `SERVER: ${server.replaceAll('.', '\\.')}#${node.dnsPort}\\(${server.replaceAll('.', '\\.')}\\) \\(UDP\\)`,
        ),
      );
      t.notRegex(out, /unexpected source/);
    }
  } finally {
    await nc.close();
    await node.stop();
    await nats.stop();
  }
});
