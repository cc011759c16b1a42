/**
 * Turning signing on is followed at once, not at the signer's next periodic pass: the signer
 * runs here with a ten-minute check interval, yet keys exist and the node serves the signed
 * zone within seconds of SetSigning (and of unsigning). PowerDNS tools that set `dnssec: true`
 * and then list cryptokeys depend on this.
 */
import { RRType } from '@shoal/dns-wire';
import test from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, waitFor } from '../harness/index.js';
import { DnssecClient, SignerProcess } from './dnssec-support.js';

test('a zone switched to signed is signed within seconds, however long the check interval', async (t) => {
  t.timeout(90_000);
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url, { env: { SHOAL_SIGNER_CHECK_INTERVAL_MS: '600000' } });
  const node = await NodeProcess.start(nats.url, { nodeId: 'prompt-1' });
  const dnssec = new DnssecClient(admin.address);
  try {
    const zone = 'prompt.test';
    await admin.client().createZone({
      name: zone,
      nameservers: [`ns1.${zone}.`],
      rrsets: [{ name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] }],
    });
    // Let the signer's first pass (shortly after it starts) go by with the zone unsigned.
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    await dnssec.setSigning({ zone, signed: true });
    await waitFor(
      'the zone signed on the node',
      async () => {
        const m = await query(`${zone}.`, 'DNSKEY', { port: node.dnsPort, dnssecOk: true });
        return (
          m.answers.some((r) => r.type === RRType.DNSKEY) && m.answers.some((r) => r.type === RRType.RRSIG)
        );
      },
      15_000,
      100,
    );
    t.log(`signed and served ${Date.now() - started} ms after SetSigning`);
    t.true((await dnssec.listKeys(zone)).keys.length >= 1);

    await dnssec.setSigning({ zone, signed: false });
    await waitFor(
      'the DNSSEC records removed on the node',
      async () => {
        const m = await query(`${zone}.`, 'DNSKEY', { port: node.dnsPort, dnssecOk: true });
        return m.answers.length === 0;
      },
      15_000,
      100,
    );
    t.pass();
  } finally {
    dnssec.close();
    await node.dispose();
    await signer.dispose();
    await admin.dispose();
    await nats.dispose();
  }
});
