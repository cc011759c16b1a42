/**
 * DNS Cookies across an anycast set (RFC 9018): two nodes and a BIND server given the same
 * secret each accept the server cookies the others hand out, and make byte-for-byte the
 * cookie BIND makes for the same client, client cookie and second. Every server requires
 * cookies over UDP, so a cookie one of them did not accept would be a BADCOOKIE.
 */
import { randomBytes } from 'node:crypto';
import { clientAddressOctets, ServerCookies } from '@shoal/authority';
import { decodeMessage, EdnsOptionCode, Rcode } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import {
  buildQuery,
  loadSyntheticHistory,
  NatsServer,
  NodeProcess,
  udpExchange,
  waitFor,
} from '../harness/index.js';
import { BindServer } from './legacy-servers.js';

const SECRET = randomBytes(16).toString('hex');
const ZONE = 'cookie0.test';

interface Context {
  nats: NatsServer;
  nodes: NodeProcess[];
  bind: BindServer;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 1, zonePrefix: 'cookie' });
  const env = { SHOAL_COOKIE_SECRET: SECRET, SHOAL_COOKIES: 'require' };
  const nodes = [
    await NodeProcess.start(nats.url, { nodeId: 'anycast-a', env }),
    await NodeProcess.start(nats.url, { nodeId: 'anycast-b', env }),
  ];
  const bind = await BindServer.start({
    primaries: [
      {
        name: ZONE,
        text: `$ORIGIN ${ZONE}.\n@ 3600 IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n`,
      },
    ],
    options: [
      'cookie-algorithm siphash24;',
      `cookie-secret "${SECRET}";`,
      'answer-cookie yes;',
      'require-server-cookie yes;',
    ],
  });
  t.context = { nats, nodes, bind };
  for (const node of nodes) {
    await waitFor('zone served', async () => (await ask(node.dnsPort)).rcode !== Rcode.REFUSED, 15_000);
  }
});

test.after.always(async (t) => {
  await t.context.bind?.dispose();
  for (const node of t.context.nodes ?? []) await node.dispose();
  await t.context.nats?.dispose();
});

function cookieQuery(cookie?: Uint8Array): Uint8Array {
  const ednsOptions = cookie ? [{ code: EdnsOptionCode.COOKIE, data: cookie }] : [];
  return buildQuery(`${ZONE}.`, 'SOA', { udpSize: 1232, ednsOptions });
}

async function ask(port: number, cookie?: Uint8Array): Promise<{ rcode: number; cookie?: Uint8Array }> {
  const reply = await udpExchange(cookieQuery(cookie), port, '127.0.0.1', 2000);
  if (reply === undefined) throw new Error(`no reply from port ${port}`);
  const message = decodeMessage(reply);
  const option = message.edns?.options.find((o) => o.code === EdnsOptionCode.COOKIE);
  return { rcode: message.rcode, cookie: option ? Uint8Array.from(option.data) : undefined };
}

test('a client cookie alone is BADCOOKIE everywhere, each reply carrying a server cookie', async (t) => {
  const { nodes, bind } = t.context;
  const client = randomBytes(8);
  for (const port of [...nodes.map((n) => n.dnsPort), bind.port]) {
    const reply = await ask(port, client);
    t.is(reply.rcode, Rcode.BADCOOKIE, `port ${port}`);
    t.is(reply.cookie?.length, 24, `port ${port}`);
    t.deepEqual(reply.cookie?.subarray(0, 8), Uint8Array.from(client));
    t.is(reply.cookie?.[8], 1, 'RFC 9018 version 1');
  }
});

test('the cookie from any server of the set is accepted by every other one', async (t) => {
  const { nodes, bind } = t.context;
  const servers = [
    { name: 'node a', port: nodes[0].dnsPort },
    { name: 'node b', port: nodes[1].dnsPort },
    { name: 'BIND', port: bind.port },
  ];
  for (const issuer of servers) {
    const { cookie } = await ask(issuer.port, randomBytes(8));
    for (const verifier of servers) {
      const reply = await ask(verifier.port, cookie);
      t.is(reply.rcode, Rcode.NOERROR, `${issuer.name}'s cookie at ${verifier.name}`);
    }
  }
});

test('our algorithm makes exactly the server cookie BIND makes', async (t) => {
  const { bind } = t.context;
  const cookies = new ServerCookies({ secrets: [Uint8Array.from(Buffer.from(SECRET, 'hex'))] });
  for (let i = 0; i < 5; i++) {
    const client = randomBytes(8);
    const { cookie } = await ask(bind.port, client);
    const server = cookie!.subarray(8);
    const timestamp = ((server[4] << 24) | (server[5] << 16) | (server[6] << 8) | server[7]) >>> 0;
    t.deepEqual(cookies.serverCookie(client, timestamp, clientAddressOctets('127.0.0.1')), server);
  }
});

test('a cookie made with another secret is refused by the set', async (t) => {
  const { nodes, bind } = t.context;
  const stranger = new ServerCookies({ secrets: [randomBytes(16)] });
  const client = randomBytes(8);
  const forged = new Uint8Array(24);
  forged.set(client);
  forged.set(
    stranger.serverCookie(client, Math.floor(Date.now() / 1000), clientAddressOctets('127.0.0.1')),
    8,
  );
  for (const port of [...nodes.map((n) => n.dnsPort), bind.port]) {
    t.is((await ask(port, forged)).rcode, Rcode.BADCOOKIE, `port ${port}`);
  }
});
