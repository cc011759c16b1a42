import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ImportMode,
  type ImportZoneResponse,
  SerialPolicy,
  type Zone,
  ZoneKind,
  type ZoneSettings,
} from '@shoal/admin-api';
import { type Command, Option } from 'commander';
import { type Cli, withWrite } from '../cli.js';
import { type AdminClients, ExitCode } from '../client.js';
import { ProgressBar } from '../progress.js';
import { renderTable } from '../table.js';
import { zoneSource } from '../zone-source.js';

const KINDS = {
  native: ZoneKind.ZONE_KIND_NATIVE,
  primary: ZoneKind.ZONE_KIND_PRIMARY,
  secondary: ZoneKind.ZONE_KIND_SECONDARY,
  producer: ZoneKind.ZONE_KIND_PRODUCER,
  consumer: ZoneKind.ZONE_KIND_CONSUMER,
};
const POLICIES = {
  increment: SerialPolicy.SERIAL_POLICY_INCREMENT,
  epoch: SerialPolicy.SERIAL_POLICY_EPOCH,
  date: SerialPolicy.SERIAL_POLICY_DATE,
};
const KIND_NAMES = ['unspecified', 'native', 'primary', 'secondary', 'producer', 'consumer'];
const POLICY_NAMES = ['unspecified', 'increment', 'epoch', 'date'];

/** Parses --meta KIND=V1,V2 options into the settings' metadata map. */
function metadataFrom(list: string[] | undefined): ZoneSettings['metadata'] {
  const out: ZoneSettings['metadata'] = {};
  for (const item of list ?? []) {
    const at = item.indexOf('=');
    if (at <= 0)
      throw Object.assign(new Error(`--meta ${item}: expected KIND=VALUE[,VALUE...]`), { code: undefined });
    out[item.slice(0, at)] = { values: item.slice(at + 1) === '' ? [] : item.slice(at + 1).split(',') };
  }
  return out;
}

function settingsFrom(o: Record<string, unknown>): ZoneSettings {
  return {
    kind: KINDS[(o.kind as keyof typeof KINDS) ?? 'native'] ?? ZoneKind.ZONE_KIND_NATIVE,
    serialPolicy:
      POLICIES[(o.serialPolicy as keyof typeof POLICIES) ?? 'increment'] ??
      SerialPolicy.SERIAL_POLICY_INCREMENT,
    transferAcl: (o.transferAcl as string[]) ?? [],
    alsoNotify: (o.alsoNotify as string[]) ?? [],
    tsigKeys: (o.tsigKey as string[]) ?? [],
    primaries: (o.primary as string[]) ?? [],
    account: (o.account as string) ?? '',
    metadata: metadataFrom(o.meta as string[] | undefined),
    catalog: (o.catalog as string) ?? '',
  };
}

function printImport(cli: Cli, r: ImportZoneResponse, dryRun: boolean): void {
  cli.print(r, () => {
    const head = dryRun ? 'dry run: would' : r.results.length ? 'ok:' : 'unchanged:';
    const lines = [
      `${head} ${r.created ? 'create the zone, ' : ''}add ${r.recordsAdded} and remove ${r.recordsRemoved} records ` +
        `(${r.rrsetsChanged} RRsets, ${r.recordsParsed} records read); serial ${r.serial}` +
        (r.results.length > 1
          ? `, ${r.results.length} changes up to sequence ${r.results[r.results.length - 1].sequence}`
          : '') +
        (r.results.length === 1 ? `, sequence ${r.results[0].sequence}` : ''),
    ];
    if (dryRun) lines.push(...r.removed.map((x) => `- ${x}`), ...r.added.map((x) => `+ ${x}`));
    return lines.join('\n');
  });
}

async function upload(
  c: AdminClients,
  path: string,
  header: Parameters<AdminClients['importZone']>[0],
): Promise<ImportZoneResponse> {
  const { chunks, size } = zoneSource(path);
  const bar = new ProgressBar(`importing ${header.zone}`, size);
  try {
    return await c.importZone(header, chunks, (sent) => bar.update(sent));
  } finally {
    bar.done();
  }
}

async function exportText(
  c: AdminClients,
  name: string,
): Promise<{ text: string; serial: number; sequence: number }> {
  let text = '';
  let serial = 0;
  let sequence = 0;
  for await (const chunk of c.exportZone(name)) {
    text += chunk.text;
    if (chunk.sequence) {
      serial = chunk.serial;
      sequence = chunk.sequence;
    }
  }
  return { text, serial, sequence };
}

export function zoneCommands(program: Command, cli: Cli): void {
  const zone = program.command('zone').description('create, inspect, change and delete zones');

  withWrite(
    zone
      .command('create <name>')
      .description('create a zone (an SOA is made when none is given)')
      .option('-n, --nameserver <host...>', 'apex NS host names')
      .addOption(new Option('--kind <kind>', 'zone kind').choices(Object.keys(KINDS)).default('native'))
      .addOption(
        new Option('--serial-policy <policy>', 'how serials advance')
          .choices(Object.keys(POLICIES))
          .default('increment'),
      )
      .option('--transfer-acl <cidr...>', 'prefixes allowed to AXFR/IXFR')
      .option('--also-notify <addr...>', 'extra NOTIFY targets (address[:port])')
      .option('--tsig-key <name...>', 'TSIG keys allowed to transfer the zone')
      .option('--primary <addr...>', 'primaries of a secondary zone')
      .option('--account <account>', 'account (PowerDNS API field)')
      .option('--catalog <zone>', 'list the zone in this catalog zone (kind producer, RFC 9432)')
      .option('--meta <kind=values...>', 'metadata, KIND=V1,V2')
      .option('-f, --zone-file <file>', "initial contents from a zone file ('-': stdin), streamed")
      .option('--chunked', 'with --zone-file: apply a huge file as several ChangeSets'),
  ).action(
    cli.run(async (c, name: string, o) => {
      const settings = settingsFrom(o);
      if (o.zoneFile) {
        const r = await upload(c, o.zoneFile, {
          zone: name,
          mode: o.chunked ? ImportMode.IMPORT_MODE_CHUNKED : ImportMode.IMPORT_MODE_ONE_CHANGE,
          create: true,
          settings,
          options: cli.writeOptions(o),
          expectedSequence: 0,
          dryRun: false,
          maxRecordsPerChange: 0,
        });
        printImport(cli, r, false);
        return ExitCode.OK;
      }
      cli.printWrite(
        await c.call(c.zones, c.zones.createZone, {
          name,
          nameservers: o.nameserver ?? [],
          rrsets: [],
          settings,
          options: cli.writeOptions(o),
        }),
      );
      return ExitCode.OK;
    }),
  );

  zone
    .command('list')
    .description('list zones')
    .option('--suffix <name>', 'only zones under this name')
    .option('--page-size <n>', 'zones per request', '500')
    .action(
      cli.run(async (c, o) => {
        const zones: Zone[] = [];
        let pageToken = '';
        do {
          const page = await c.call(c.zones, c.zones.listZones, {
            pageSize: Number(o.pageSize),
            pageToken,
            nameSuffix: o.suffix ?? '',
          });
          zones.push(...page.zones);
          pageToken = page.nextPageToken;
        } while (pageToken);
        cli.print(zones, () =>
          renderTable(
            ['ZONE', 'KIND', 'SERIAL', 'RRSETS', 'RECORDS', 'SEQUENCE'],
            zones.map((z) => [
              z.name,
              KIND_NAMES[z.settings?.kind ?? 0] ?? '?',
              z.serial,
              z.rrsetCount,
              z.recordCount,
              z.lastSequence,
            ]),
          ),
        );
        return ExitCode.OK;
      }),
    );

  zone
    .command('show <name>')
    .description('show a zone: its settings and RRsets')
    .option('--no-records', 'settings and counts only')
    .action(
      cli.run(async (c, name: string, o) => {
        const z = await c.call(c.zones, c.zones.getZone, { name, omitRecords: !o.records });
        cli.print(z, () => {
          const s = z.settings;
          const lines = [
            `; zone ${z.name} serial ${z.serial} sequence ${z.lastSequence} (${z.rrsetCount} RRsets, ${z.recordCount} records)`,
            `; kind ${KIND_NAMES[s?.kind ?? 0]}, serial policy ${POLICY_NAMES[s?.serialPolicy ?? 0]}` +
              (s?.primaries.length ? `, primaries ${s.primaries.join(' ')}` : '') +
              (s?.transferAcl.length ? `, transfer ACL ${s.transferAcl.join(' ')}` : '') +
              (s?.tsigKeys.length ? `, TSIG keys ${s.tsigKeys.join(' ')}` : '') +
              (s?.alsoNotify.length ? `, also-notify ${s.alsoNotify.join(' ')}` : '') +
              (s?.catalog ? `, catalog ${s.catalog}` : ''),
          ];
          for (const [kind, v] of Object.entries(s?.metadata ?? {}))
            lines.push(`; metadata ${kind} = ${v.values.join(', ')}`);
          for (const set of z.rrsets)
            for (const r of set.records) lines.push(`${set.name}\t${set.ttl}\tIN\t${set.type}\t${r}`);
          for (const cs of z.comments)
            for (const cm of cs.comments)
              lines.push(`; comment ${cs.name} ${cs.type}: ${cm.content} (${cm.account})`);
          return lines.join('\n');
        });
        return ExitCode.OK;
      }),
    );

  withWrite(
    zone
      .command('settings <name>')
      .description('change zone settings (only the options given), as one ZoneSettingsChanged event')
      .addOption(new Option('--kind <kind>', 'zone kind').choices(Object.keys(KINDS)))
      .addOption(new Option('--serial-policy <policy>', 'how serials advance').choices(Object.keys(POLICIES)))
      .option('--transfer-acl <cidr...>', 'prefixes allowed to AXFR/IXFR (replaces the list)')
      .option('--also-notify <addr...>', 'extra NOTIFY targets (replaces the list)')
      .option('--tsig-key <name...>', 'TSIG keys allowed to transfer (replaces the list)')
      .option('--primary <addr...>', 'primaries of a secondary zone (replaces the list)')
      .option('--account <account>', 'account')
      .option('--catalog <zone>', 'the catalog zone listing this zone')
      .option('--meta <kind=values...>', 'metadata (replaces all of it), KIND=V1,V2')
      .option(
        '--clear <field...>',
        'empty these fields: transfer_acl also_notify tsig_keys primaries metadata account catalog',
      ),
  ).action(
    cli.run(async (c, name: string, o) => {
      const fields: [string, string][] = [
        ['kind', 'kind'],
        ['serialPolicy', 'serial_policy'],
        ['transferAcl', 'transfer_acl'],
        ['alsoNotify', 'also_notify'],
        ['tsigKey', 'tsig_keys'],
        ['primary', 'primaries'],
        ['account', 'account'],
        ['meta', 'metadata'],
        ['catalog', 'catalog'],
      ];
      const mask = [
        ...fields.filter(([opt]) => o[opt] !== undefined).map(([, f]) => f),
        ...((o.clear as string[]) ?? []),
      ];
      if (mask.length === 0) {
        console.error('dnsctl: nothing to change (give at least one setting option)');
        return ExitCode.USAGE;
      }
      const current = await c.call(c.zones, c.zones.getZone, { name, omitRecords: true });
      const base = current.settings!;
      const settings = settingsFrom({
        ...o,
        kind: o.kind ?? KIND_NAMES[base.kind],
        serialPolicy: o.serialPolicy ?? POLICY_NAMES[base.serialPolicy],
      });
      cli.printWrite(
        await c.call(c.zones, c.zones.updateZoneSettings, {
          name,
          settings,
          updateMask: mask,
          options: cli.writeOptions(o),
        }),
      );
      return ExitCode.OK;
    }),
  );

  withWrite(zone.command('delete <name>').description('delete a zone and all its data')).action(
    cli.run(async (c, name: string, o) => {
      cli.printWrite(await c.call(c.zones, c.zones.deleteZone, { name, options: cli.writeOptions(o) }));
      return ExitCode.OK;
    }),
  );

  withWrite(
    zone
      .command('import <name> <file>')
      .description(
        "replace the zone's contents with a zone file ('-': stdin), streamed; applies only the difference",
      )
      .option(
        '--chunked',
        'several ChangeSets, each atomic (needed when the difference exceeds one NATS message)',
      )
      .option('--max-records <n>', 'with --chunked: most records per ChangeSet', '0')
      .option('--create', 'create the zone when it does not exist')
      .option('--dry-run', 'show what would change; write nothing')
      .option('--expect-sequence <n>', "refuse unless the zone's last event is this sequence", '0'),
  ).action(
    cli.run(async (c, name: string, file: string, o) => {
      const r = await upload(c, file, {
        zone: name,
        mode: o.chunked ? ImportMode.IMPORT_MODE_CHUNKED : ImportMode.IMPORT_MODE_ONE_CHANGE,
        create: Boolean(o.create),
        settings: undefined,
        options: cli.writeOptions(o),
        expectedSequence: Number(o.expectSequence),
        dryRun: Boolean(o.dryRun),
        maxRecordsPerChange: Number(o.maxRecords),
      });
      printImport(cli, r, Boolean(o.dryRun));
      return ExitCode.OK;
    }),
  );

  zone
    .command('export <name>')
    .description('print the zone as a zone file (SOA first, then canonical order)')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(
      cli.run(async (c, name: string, o) => {
        if (o.output) {
          const { text } = await exportText(c, name);
          writeFileSync(o.output, text);
          return ExitCode.OK;
        }
        for await (const chunk of c.exportZone(name)) process.stdout.write(chunk.text);
        return ExitCode.OK;
      }),
    );

  withWrite(
    zone
      .command('edit <name>')
      .description('edit the zone in $VISUAL / $EDITOR; the difference is applied as ONE ChangeSet')
      .addHelpText(
        'after',
        '\nThe change is refused (exit 5) if the zone changed while you were editing; your file is kept.',
      ),
  ).action(
    cli.run(async (c, name: string, o) => {
      const exported = await exportText(c, name);
      const dir = mkdtempSync(join(tmpdir(), 'dnsctl-edit-'));
      const file = join(dir, `${name.replace(/\.$/, '').replace(/[^A-Za-z0-9.-]/g, '_')}.zone`);
      writeFileSync(file, exported.text);
      const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
      const r = spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true });
      if (r.status !== 0) {
        console.error(
          `dnsctl: the editor exited with ${r.status ?? r.signal}; nothing applied (your file: ${file})`,
        );
        return ExitCode.ERROR;
      }
      if (readFileSync(file, 'utf8') === exported.text) {
        rmSync(dir, { recursive: true, force: true });
        cli.print({ changed: false }, () => 'no changes');
        return ExitCode.OK;
      }
      try {
        const result = await upload(c, file, {
          zone: name,
          mode: ImportMode.IMPORT_MODE_ONE_CHANGE,
          create: false,
          settings: undefined,
          options: cli.writeOptions({ reason: 'dnsctl zone edit', ...o }),
          expectedSequence: exported.sequence,
          dryRun: false,
          maxRecordsPerChange: 0,
        });
        printImport(cli, result, false);
      } catch (e) {
        console.error(`dnsctl: your edited file is kept at ${file}`);
        throw e;
      }
      rmSync(dir, { recursive: true, force: true });
      return ExitCode.OK;
    }),
  );

  zone
    .command('diff <name> <from-serial> [to-serial]')
    .description('what changed between two serials (default: up to now), from the zone history')
    .action(
      cli.run(async (c, name: string, from: string, to: string | undefined) => {
        const d = await c.call(c.zones, c.zones.diffZone, {
          name,
          fromSerial: Number(from),
          toSerial: Number(to ?? 0),
        });
        cli.print(d, () =>
          [
            `; ${name} serial ${d.fromSerial} -> ${d.toSerial} (${d.changeCount} changes)`,
            ...d.removed.map((r) => `- ${r}`),
            ...d.added.map((r) => `+ ${r}`),
          ].join('\n'),
        );
        return ExitCode.OK;
      }),
    );

  zone
    .command('history <name>')
    .description('the ChangeSets of a zone, newest first: who, when, why')
    .option('--limit <n>', 'how many', '20')
    .option('--records', 'with the records each change removed and added')
    .action(
      cli.run(async (c, name: string, o) => {
        const h = await c.call(c.zones, c.zones.listChanges, {
          name,
          pageSize: Number(o.limit),
          pageToken: '',
          includeRecords: Boolean(o.records),
        });
        cli.print(h, () => {
          const table = renderTable(
            ['SEQUENCE', 'SERIAL', 'WHEN', 'ACTOR', '-/+', 'REASON'],
            h.changes.map((ch) => [
              ch.sequence,
              `${ch.fromSerial}->${ch.toSerial}`,
              new Date(ch.timeUnixMs).toISOString(),
              ch.actor,
              `-${ch.removedCount}/+${ch.addedCount}`,
              ch.reason,
            ]),
          );
          if (!o.records) return table;
          const details = h.changes.flatMap((ch) => [
            `; sequence ${ch.sequence}`,
            ...ch.removed.map((r) => `- ${r}`),
            ...ch.added.map((r) => `+ ${r}`),
          ]);
          return [table, ...details].join('\n');
        });
        return ExitCode.OK;
      }),
    );
}
