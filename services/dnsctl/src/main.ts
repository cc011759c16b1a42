#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import type { ServiceError } from '@grpc/grpc-js';
import { SerialPolicy, ZoneKind, type WriteResult, type Zone } from '@shoal/admin-api';
import { Command, Option } from 'commander';
import { AdminClients, ExitCode, exitCodeFor } from './client.js';
import { renderTable } from './table.js';
import { rrsetsFromZoneFile } from './zone-file-input.js';

const program = new Command();
program
  .name('dnsctl')
  .description('Operate a Shoal DNS fleet through its admin gRPC API.')
  .addOption(new Option('-s, --server <host:port>', 'admin gRPC address').env('SHOAL_ADMIN_ADDR').default('127.0.0.1:5380'))
  .addOption(new Option('--token <token>', 'bearer token').env('SHOAL_ADMIN_TOKEN'))
  .addOption(new Option('--token-file <file>', 'file holding the bearer token').env('SHOAL_ADMIN_TOKEN_FILE'))
  .addOption(new Option('--ca <file>', 'CA certificate: use TLS and trust this CA').env('SHOAL_ADMIN_CA'))
  .addOption(new Option('--timeout <ms>', 'deadline of each call').default('10000'))
  .option('--json', 'print machine-readable JSON instead of tables')
  .showHelpAfterError()
  .exitOverride((err) => {
    // Help and version are successes; every other parse problem is a usage error.
    process.exit(['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? 0 : ExitCode.USAGE);
  });

function clients(): AdminClients {
  const o = program.opts();
  return new AdminClients({ server: o.server, token: o.token, tokenFile: o.tokenFile, caFile: o.ca, timeoutMs: Number(o.timeout) });
}

function json(): boolean {
  return Boolean(program.opts().json);
}

function print(value: unknown, human: () => string): void {
  console.log(json() ? JSON.stringify(value, (k, v) => (k === '_unknownFields' ? undefined : v), 2) : human());
}

function writeOptions(o: { requestId?: string; reason?: string }) {
  return { requestId: o.requestId ?? randomUUID(), reason: o.reason ?? '' };
}

function printWrite(r: WriteResult): void {
  print(r, () => `ok: serial ${r.serial}, sequence ${r.sequence}${r.duplicate ? ' (already applied)' : ''}`);
}

/** Runs a command body and turns gRPC errors into a message and an exit code. */
function run<A extends unknown[]>(body: (c: AdminClients, ...args: A) => Promise<number | undefined>) {
  return async (...args: A) => {
    const c = clients();
    try {
      process.exitCode = (await body(c, ...args)) ?? ExitCode.OK;
    } catch (err) {
      const e = err as ServiceError;
      const violations = e.metadata?.get?.('x-violations')?.[0];
      if (json()) console.log(JSON.stringify({ error: e.details ?? e.message, code: e.code, violations: violations ? JSON.parse(String(violations)) : undefined }));
      else {
        console.error(`dnsctl: ${e.details ?? e.message}`);
        if (violations) for (const v of JSON.parse(String(violations))) console.error(`  ${v.field}: ${v.message} [${v.rule}]`);
      }
      process.exitCode = exitCodeFor(err);
    } finally {
      c.close();
    }
  };
}

const withWrite = (cmd: Command) =>
  cmd.option('--request-id <id>', 'idempotency key (a retry with the same key is applied once)').option('--reason <text>', 'why: kept in the zone history');

const zone = program.command('zone').description('create, inspect and delete zones');

withWrite(
  zone
    .command('create <name>')
    .description('create a zone (an SOA is made when none is given)')
    .option('-n, --nameserver <host...>', 'apex NS host names')
    .addOption(new Option('--kind <kind>', 'zone kind').choices(['native', 'primary', 'secondary']).default('native'))
    .addOption(new Option('--serial-policy <policy>', 'how serials advance').choices(['increment', 'epoch', 'date']).default('increment'))
    .option('--transfer-acl <cidr...>', 'prefixes allowed to AXFR/IXFR')
    .option('--also-notify <addr...>', 'extra NOTIFY targets (address[:port])')
    .option('--primary <addr...>', 'primaries of a secondary zone')
    .option('-f, --zone-file <file>', 'initial contents from a zone file (its SOA and NS are used)'),
).action(
  run(async (c, name: string, o) => {
    const kinds = { native: ZoneKind.ZONE_KIND_NATIVE, primary: ZoneKind.ZONE_KIND_PRIMARY, secondary: ZoneKind.ZONE_KIND_SECONDARY } as const;
    const policies = { increment: SerialPolicy.SERIAL_POLICY_INCREMENT, epoch: SerialPolicy.SERIAL_POLICY_EPOCH, date: SerialPolicy.SERIAL_POLICY_DATE } as const;
    const r = await c.call(c.zones.createZone.bind(c.zones), {
      name,
      nameservers: o.nameserver ?? [],
      rrsets: o.zoneFile ? await rrsetsFromZoneFile(o.zoneFile, name) : [],
      settings: {
        kind: kinds[o.kind as keyof typeof kinds],
        serialPolicy: policies[o.serialPolicy as keyof typeof policies],
        transferAcl: o.transferAcl ?? [],
        alsoNotify: o.alsoNotify ?? [],
        tsigKeys: [],
        primaries: o.primary ?? [],
        account: '',
      },
      options: writeOptions(o),
    });
    printWrite(r);
    return ExitCode.OK;
  }),
);

zone
  .command('list')
  .description('list zones')
  .option('--suffix <name>', 'only zones under this name')
  .option('--page-size <n>', 'zones per request', '500')
  .action(
    run(async (c, o) => {
      const zones: Zone[] = [];
      let pageToken = '';
      do {
        const page = await c.call(c.zones.listZones.bind(c.zones), { pageSize: Number(o.pageSize), pageToken, nameSuffix: o.suffix ?? '' });
        zones.push(...page.zones);
        pageToken = page.nextPageToken;
      } while (pageToken);
      print(zones, () => renderTable(['ZONE', 'SERIAL', 'RRSETS', 'RECORDS', 'SEQUENCE'], zones.map((z) => [z.name, z.serial, z.rrsetCount, z.recordCount, z.lastSequence])));
      return ExitCode.OK;
    }),
  );

zone
  .command('show <name>')
  .description('show a zone and its RRsets')
  .action(
    run(async (c, name: string) => {
      const z = await c.call(c.zones.getZone.bind(c.zones), { name, omitRecords: false });
      print(z, () =>
        [
          `; zone ${z.name} serial ${z.serial} sequence ${z.lastSequence} (${z.rrsetCount} RRsets, ${z.recordCount} records)`,
          ...z.rrsets.flatMap((s) => s.records.map((r) => `${s.name}\t${s.ttl}\tIN\t${s.type}\t${r}`)),
        ].join('\n'),
      );
      return ExitCode.OK;
    }),
  );

withWrite(zone.command('delete <name>').description('delete a zone and all its data')).action(
  run(async (c, name: string, o) => {
    printWrite(await c.call(c.zones.deleteZone.bind(c.zones), { name, options: writeOptions(o) }));
    return ExitCode.OK;
  }),
);

const rrset = program.command('rrset').description('change RRsets');

withWrite(
  rrset
    .command('replace <zone> <name> <type> <records...>')
    .description('replace the RRset <name> <type> with the given records (rdata in zone-file form)')
    .option('--ttl <seconds>', 'TTL of the RRset', '3600'),
)
  .addHelpText('after', '\nExample:\n  dnsctl rrset replace example.test www A 192.0.2.1 192.0.2.2 --ttl 300\n  dnsctl rrset replace example.test @ MX "10 mail.example.test."')
  .action(
    run(async (c, zoneName: string, name: string, type: string, records: string[], o) => {
      const r = await c.call(c.zones.replaceRRset.bind(c.zones), {
        zone: zoneName,
        rrset: { name, type: type.toUpperCase(), ttl: Number(o.ttl), records },
        options: writeOptions(o),
      });
      printWrite(r);
      return ExitCode.OK;
    }),
  );

withWrite(rrset.command('delete <zone> <name> <type>').description('delete the RRset <name> <type>')).action(
  run(async (c, zoneName: string, name: string, type: string, o) => {
    printWrite(await c.call(c.zones.deleteRRset.bind(c.zones), { zone: zoneName, name, type: type.toUpperCase(), options: writeOptions(o) }));
    return ExitCode.OK;
  }),
);

const fleet = program.command('fleet').description('the serving nodes');
fleet
  .command('status')
  .description("every node's region, applied sequence, lag and QPS")
  .action(
    run(async (c) => {
      const s = await c.call(c.fleet.fleetStatus.bind(c.fleet), {});
      print(s, () =>
        `stream last sequence ${s.streamLastSequence}\n` +
        renderTable(
          ['NODE', 'REGION', 'APPLIED', 'LAG', 'LAG_S', 'QPS', 'READY', 'NATS'],
          s.nodes.map((n) => [n.nodeId, n.region, n.appliedSequence, n.lagEvents, n.lagSeconds.toFixed(1), n.queriesPerSecond.toFixed(1), n.ready ? 'yes' : 'no', n.natsConnected ? 'up' : 'down']),
        ),
      );
      return ExitCode.OK;
    }),
  );

program
  .command('wait <sequence>')
  .description('wait until every live node (or the given ones) has applied a write')
  .option('--timeout-ms <ms>', 'give up after', '10000')
  .option('--node <id...>', 'only these nodes')
  .option('--region <region>', 'only nodes of this region')
  .action(
    run(async (c, sequence: string, o) => {
      const timeoutMs = Number(o.timeoutMs);
      const r = await c.call(
        c.fleet.waitForSync.bind(c.fleet),
        { sequence: Number(sequence), timeoutMs, nodeIds: o.node ?? [], region: o.region ?? '' },
        timeoutMs + 5000,
      );
      print(r, () =>
        `${r.inSync ? 'in sync' : 'NOT in sync'} after ${r.waitedMs} ms\n` +
        renderTable(['NODE', 'REGION', 'APPLIED', 'IN_SYNC'], r.nodes.map((n) => [n.nodeId, n.region, n.appliedSequence, n.inSync ? 'yes' : 'no'])),
      );
      return r.inSync ? ExitCode.OK : ExitCode.NOT_IN_SYNC;
    }),
  );

program.parseAsync(process.argv).catch((err) => {
  console.error(`dnsctl: ${err.message}`);
  process.exit(ExitCode.USAGE);
});
