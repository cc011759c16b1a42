/**
 * The scenario every legacy secondary goes through against the fleet (BIND, Knot, NSD):
 * zones created through gRPC with the secondary as also-notify target, a series of changes,
 * each one reaching the secondary by NOTIFY from the bridge and IXFR from a node; in the end
 * the secondary's copy equals ours, TSIG-protected zones transfer with the key, and without
 * the key nothing transfers.
 */
import { Name, Rcode } from '@shoal/dns-wire';
import { pullZone, TransferRefusedError } from '@shoal/zone-transfer';
import type { ExecutionContext } from 'ava';
import { freePort, query, waitFor } from '../harness/index.js';
import {
  axfrListing,
  BridgeProcess,
  digKey,
  type Fleet,
  putTsigKeys,
  settings,
  soaSerialAt,
  startFleet,
  transfersLogged,
  waitForSerial,
  XFR_KEY,
} from '../integration/transfer-fixture.js';
import type { BaseServer, SecondaryZoneDef, TsigKeyDef } from './legacy-servers.js';

export type StartSecondary = (options: {
  secondaries: SecondaryZoneDef[];
  keys: TsigKeyDef[];
  port: number;
}) => Promise<BaseServer>;

export interface ScenarioResult {
  fleet: Fleet;
  bridge: BridgeProcess;
  secondary: BaseServer;
}

export async function runSecondaryScenario(
  t: ExecutionContext,
  label: string,
  start: StartSecondary,
  bridgeEnv: Record<string, string> = {},
): Promise<void> {
  const fleet = await startFleet(1);
  let bridge: BridgeProcess | undefined;
  let secondary: BaseServer | undefined;
  try {
    await putTsigKeys(fleet.nats.url, [XFR_KEY]);
    bridge = await BridgeProcess.start(fleet.nats.url, { env: bridgeEnv });
    const node = fleet.nodes[0];
    const secondaryPort = await freePort();
    const plain = `plain.${label}.test`;
    const signed = `signed.${label}.test`;
    const locked = `locked.${label}.test`;
    const client = fleet.admin.client();
    const notify = [`127.0.0.1:${secondaryPort}`];
    const rrsets = [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
      { name: 'txt', type: 'TXT', ttl: 300, records: ['"hello world"', '"second string"'] },
    ];
    await client.createZone({
      name: plain,
      settings: settings({ transferAcl: ['127.0.0.1'], alsoNotify: notify }),
      nameservers: [`ns1.${plain}.`],
      rrsets,
    });
    await client.createZone({
      name: signed,
      settings: settings({ tsigKeys: [XFR_KEY.name], alsoNotify: notify }),
      nameservers: [`ns1.${signed}.`],
      rrsets,
    });
    await client.createZone({
      name: locked,
      settings: settings({ tsigKeys: [XFR_KEY.name] }),
      nameservers: [`ns1.${locked}.`],
    });
    for (const z of [plain, signed, locked]) await waitForSerial(node.dnsPort, z, 1);

    secondary = await start({
      port: secondaryPort,
      keys: [XFR_KEY],
      secondaries: [
        { name: plain, primaryPort: node.dnsPort },
        { name: signed, primaryPort: node.dnsPort, key: XFR_KEY },
        // Configured without the key: the fleet must refuse it.
        { name: locked, primaryPort: node.dnsPort },
      ],
    });
    const sec = secondary;
    await waitForSerial(sec.port, plain, 1, 30_000);
    await waitForSerial(sec.port, signed, 1, 30_000);

    // A series of changes, each acknowledged through gRPC, each followed to the secondary.
    const changes: ((zone: string) => Promise<{ serial: number }>)[] = [
      (zone) =>
        client.replaceRRset({
          zone,
          rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.81', '192.0.2.82'] },
        }),
      (zone) =>
        client.replaceRRset({
          zone,
          rrset: { name: '@', type: 'MX', ttl: 3600, records: [`10 mail.${zone}.`] },
        }),
      (zone) =>
        client.replaceRRset({
          zone,
          rrset: { name: 'mail', type: 'AAAA', ttl: 600, records: ['2001:db8::25'] },
        }),
      (zone) => client.deleteRRset({ zone, name: 'txt', type: 'TXT' }),
      (zone) =>
        client.replaceRRset({ zone, rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.82'] } }),
      (zone) =>
        client.replaceRRset({
          zone,
          rrset: { name: '_sip._tcp', type: 'SRV', ttl: 300, records: [`10 60 5060 sip.${zone}.`] },
        }),
    ];
    let serial = 1;
    for (const change of changes) {
      for (const zone of [plain, signed]) {
        const written = await change(zone);
        serial = written.serial;
        const started = Date.now();
        await waitForSerial(sec.port, zone, serial, 20_000);
        if (process.env.XFR_DEBUG)
          t.log(`${zone} serial ${serial} on the secondary after ${Date.now() - started} ms`);
      }
    }

    // The secondary's copy equals ours, record for record.
    const oursPlain = await axfrListing(node.dnsPort, plain);
    t.deepEqual(await axfrListing(sec.port, plain), oursPlain, `${label}: ${plain} differs`);
    const oursSigned = await axfrListing(node.dnsPort, signed, digKey(XFR_KEY));
    t.deepEqual(await axfrListing(sec.port, signed), oursSigned, `${label}: ${signed} differs`);
    t.true(oursPlain.some((l) => l.includes('srv 10 60 5060 sip.')));

    // The incremental changes went by IXFR, the signed zone with the key.
    const plainXfrs = transfersLogged(node, plain);
    const signedXfrs = transfersLogged(node, signed);
    t.true(
      plainXfrs.filter((x) => x.outcome === 'ixfr').length >= changes.length,
      `${label}: IXFR served for ${plain}`,
    );
    t.true(
      signedXfrs.filter((x) => x.outcome === 'ixfr' && (x as { via?: string }).via === 'tsig').length >=
        changes.length,
    );
    // Full transfers: the secondary's first one, and the one this test made to compare.
    t.true(plainXfrs.filter((x) => x.outcome === 'axfr').length <= 2, `${label} fell back to AXFR`);
    if (process.env.XFR_DEBUG) t.log(secondary.process.log);
    t.log(
      `${label}: ${plain} transfers ${JSON.stringify(count(plainXfrs))}, ${signed} ${JSON.stringify(count(signedXfrs))}`,
    );

    // Unsigned transfers of the signed zones are refused; the secondary without the key got nothing.
    const refused = await t.throwsAsync(
      pullZone({ host: '127.0.0.1', port: node.dnsPort }, { zone: Name.parse(`${signed}.`) }),
      {
        instanceOf: TransferRefusedError,
      },
    );
    t.is(refused.rcode, Rcode.REFUSED);
    await waitFor(
      'the locked zone refused',
      () => transfersLogged(node, locked).some((x) => x.outcome === 'refused'),
      20_000,
    );
    t.not(await soaSerialAt(sec.port, locked), 1);
    const lockedAnswer = await query(locked, 'SOA', { port: sec.port });
    t.not(lockedAnswer.rcode, Rcode.NOERROR, `${label} serves ${locked} it could not transfer`);

    // NOTIFY went out from the bridge and was acknowledged.
    t.regex(bridge.log, /NOTIFY acknowledged/);
    t.is(serial, 7);
  } catch (e) {
    if (secondary) t.log(`${label} log (tail):\n${secondary.process.log.slice(-12000)}`);
    if (bridge) t.log(`bridge log (tail):\n${bridge.log.slice(-3000)}`);
    throw e;
  } finally {
    await secondary?.dispose();
    await bridge?.dispose();
    await fleet.dispose();
  }
}

function count(list: { outcome: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) out[x.outcome] = (out[x.outcome] ?? 0) + 1;
  return out;
}
