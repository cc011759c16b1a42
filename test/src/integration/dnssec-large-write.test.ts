/**
 * Writes to a signed zone larger than one NATS message, through the PowerDNS-compatible API: a
 * zone created signed with 30,000 names, then a PATCH adding 30,000 RRsets. The admin's sign
 * request and the signer's reply go through the SHOAL_SIGNING Object Store (each object deleted
 * once read), the event goes to the stream in parts, and the node serves the result signed.
 */
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { RRType } from '@shoal/dns-wire';
import { SIGNING_BUCKET } from '@shoal/dnssec-api';
import test from 'ava';
import { NatsServer, NodeProcess, query, waitFor } from '../harness/index.js';
import { http, startAdmin } from './admin-harness.js';
import { SignerProcess } from './dnssec-support.js';

const NAMES = 30_000;
const API = '/api/v1/servers/localhost';

test('large writes to a signed zone are signed through the Object Store and served whole', async (t) => {
  t.timeout(240_000);
  const nats = await NatsServer.start();
  const { admin, pdnsUrl } = await startAdmin(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'big-signed', env: { SHOAL_WEB_LISTEN: 'off' } });
  const nc = await connect({ servers: nats.url });
  try {
    const zone = 'big-signed.test.';
    const rrsets = (prefix: string, type: string, content: (i: number) => string) =>
      Array.from({ length: NAMES }, (_, i) => ({
        name: `${prefix}${i}.${zone}`,
        type,
        ttl: 300,
        changetype: 'REPLACE',
        records: [{ content: content(i), disabled: false }],
      }));
    const created = await http(pdnsUrl, 'POST', `${API}/zones`, {
      body: {
        name: zone,
        kind: 'Native',
        nameservers: [`ns1.${zone}`],
        dnssec: true,
        rrsets: rrsets('h', 'A', (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).map(
          ({ changetype: _, ...r }) => r,
        ),
      },
    });
    t.is(created.status, 201, created.text);
    const signedA = async (name: string) =>
      (await query(name, 'A', { port: node.dnsPort, dnssecOk: true })).answers.some(
        (r) => r.type === RRType.RRSIG,
      );
    await waitFor('the created zone served signed', () => signedA(`h${NAMES - 1}.${zone}`), 60_000, 200);

    const patched = await http(pdnsUrl, 'PATCH', `${API}/zones/${zone}`, {
      body: { rrsets: rrsets('t', 'TXT', (i) => `"text ${i}"`) },
    });
    t.is(patched.status, 204, patched.text);
    await waitFor(
      'the patched RRsets served signed',
      async () => {
        const m = await query(`t${NAMES - 1}.${zone}`, 'TXT', { port: node.dnsPort, dnssecOk: true });
        return m.answers.some((r) => r.type === RRType.RRSIG);
      },
      60_000,
      200,
    );
    const m = await query(`t0.${zone}`, 'TXT', { port: node.dnsPort, dnssecOk: true });
    t.true(m.answers.some((r) => r.type === RRType.RRSIG));

    // The bucket exists only once a message too large was sent through it (open throws
    // otherwise), and every object was deleted once read.
    const bucket = await new Objm(nc).open(SIGNING_BUCKET);
    const status = await bucket.status();
    t.true(status.size === 0 || (await bucket.list()).length === 0, 'no object left behind');
  } finally {
    await nc.close();
    await node.dispose();
    await signer.dispose();
    await admin.dispose();
    await nats.dispose();
  }
});
