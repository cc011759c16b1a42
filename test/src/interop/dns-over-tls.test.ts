/**
 * DNS over TLS (RFC 7858) and zone transfers over it (XoT, RFC 9103) from a node with a
 * certificate made here: dig queries over TLS (pipelined, as over TCP), AXFR over TLS, and a
 * BIND secondary that pulls the zone over TLS only.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { decodeMessage } from '@shoal/dns-wire';
import anyTest, { type TestFn } from 'ava';
import { buildQuery, dig, freePort, NodeProcess, scratchDir, waitFor } from '../harness/index.js';
import {
  axfrListing,
  type Fleet,
  settings,
  soaSerialAt,
  startFleet,
} from '../integration/transfer-fixture.js';
import { BindServer } from './legacy-servers.js';

const ZONE = 'tls.test';

interface Context {
  fleet: Fleet;
  node: NodeProcess;
  tlsPort: number;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const dir = scratchDir('dot');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=dns.tls.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'pipe' },
  );
  const fleet = await startFleet(0);
  const tlsPort = await freePort();
  const node = await NodeProcess.start(fleet.nats.url, {
    env: {
      SHOAL_DNS_TLS_LISTEN: `127.0.0.1:${tlsPort}`,
      SHOAL_DNS_TLS_CERT_FILE: join(dir, 'cert.pem'),
      SHOAL_DNS_TLS_KEY_FILE: join(dir, 'key.pem'),
    },
  });
  t.context = { fleet, node, tlsPort };
  await fleet.admin.client().createZone({
    name: ZONE,
    settings: settings({ transferAcl: ['127.0.0.1'] }),
    nameservers: [`ns1.${ZONE}.`],
    rrsets: [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
    ],
  });
  await waitFor('served', async () => (await soaSerialAt(node.dnsPort, ZONE)) !== undefined);
});

test.after.always(async (t) => {
  await t.context.node?.dispose();
  await t.context.fleet?.dispose();
});

test.serial('dig over TLS gets the answer; the serving line names the TLS endpoint', async (t) => {
  const { node, tlsPort } = t.context;
  t.regex(node.process.log, new RegExp(`dns=.*tls://127\\.0\\.0\\.1:${tlsPort}`));
  const out = await dig(['+tls', '@127.0.0.1', '-p', String(tlsPort), `www.${ZONE}`, 'A', '+norec']);
  t.regex(out, /status: NOERROR/);
  t.regex(out, /flags: qr aa/);
  t.regex(out, /192\.0\.2\.80/);
  t.regex(out, /\(TLS\)/);
});

test.serial(
  'queries pipelined on one TLS session are all answered (RFC 7858 §3.3), ALPN "dot"',
  async (t) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: t.context.tlsPort,
      rejectUnauthorized: false,
      ALPNProtocols: ['dot'],
    });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    t.is(socket.alpnProtocol, 'dot');
    const ids = [11, 12, 13, 14, 15];
    const answered = new Set<number>();
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      while (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        const message = decodeMessage(data.subarray(2, 2 + data.readUInt16BE(0)));
        if (message.answers.length === 1) answered.add(message.id);
        data = data.subarray(2 + data.readUInt16BE(0));
      }
    });
    const frames = ids.map((id) => {
      const q = buildQuery(`www.${ZONE}.`, 'A', { id });
      return Buffer.concat([Buffer.from([q.length >> 8, q.length & 0xff]), q]);
    });
    // All five in one write: the node reads them from one TLS record and answers each.
    socket.write(Buffer.concat(frames));
    try {
      await waitFor('five answers', async () => answered.size === ids.length, 5_000);
    } finally {
      socket.destroy();
    }
    t.deepEqual([...answered].sort(), ids);
  },
);

test.serial('AXFR over TLS (XoT) with dig, and a BIND secondary that pulls over TLS only', async (t) => {
  const { node, tlsPort } = t.context;
  const overTls = await axfrListing(tlsPort, ZONE, ['+tls']);
  t.deepEqual(overTls, await axfrListing(node.dnsPort, ZONE));
  t.true(overTls.some((l) => l.startsWith(`www.${ZONE}. 300 in a 192.0.2.80`)));
  const bind = await BindServer.start({
    secondaries: [{ name: ZONE, primaryPort: tlsPort, primaryTls: 'ephemeral' }],
  });
  try {
    await waitFor(
      'BIND has the zone over TLS',
      async () => (await soaSerialAt(bind.port, ZONE)) !== undefined,
      20_000,
    );
    t.deepEqual(await axfrListing(bind.port, ZONE), overTls);
  } finally {
    await bind.dispose();
  }
});
