import { readFileSync } from 'node:fs';
import { ChangeType, type RRsetChange } from '@shoal/admin-api';
import type { Command } from 'commander';
import { type Cli, withWrite } from '../cli.js';
import { ExitCode } from '../client.js';

interface PatchItem {
  changetype?: string;
  name: string;
  type: string;
  ttl?: number;
  records?: string[];
  comments?: { content: string; account?: string; modified_at?: number }[];
}

/** A patch file: a JSON list of {changetype, name, type, ttl, records, comments} (PowerDNS-like). */
function changesFrom(text: string): RRsetChange[] {
  const items = JSON.parse(text) as PatchItem[];
  if (!Array.isArray(items)) throw new Error('the patch must be a JSON list of RRset changes');
  return items.map((i) => ({
    changeType:
      (i.changetype ?? 'REPLACE').toUpperCase() === 'DELETE'
        ? ChangeType.CHANGE_TYPE_DELETE
        : ChangeType.CHANGE_TYPE_REPLACE,
    rrset: { name: i.name, type: i.type.toUpperCase(), ttl: i.ttl ?? 3600, records: i.records ?? [] },
    replaceComments: i.comments !== undefined,
    keepRecords: i.records === undefined && i.comments !== undefined,
    comments: (i.comments ?? []).map((c) => ({
      content: c.content,
      account: c.account ?? '',
      modifiedAt: c.modified_at ?? 0,
    })),
  }));
}

export function rrsetCommands(program: Command, cli: Cli): void {
  const rrset = program.command('rrset').description('change RRsets');

  withWrite(
    rrset
      .command('replace <zone> <name> <type> <records...>')
      .description('replace the RRset <name> <type> with the given records (rdata in zone-file form)')
      .option('--ttl <seconds>', 'TTL of the RRset', '3600'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  dnsctl rrset replace example.test www A 192.0.2.1 192.0.2.2 --ttl 300\n  dnsctl rrset replace example.test @ MX "10 mail.example.test."',
    )
    .action(
      cli.run(async (c, zone: string, name: string, type: string, records: string[], o) => {
        cli.printWrite(
          await c.call(c.zones, c.zones.replaceRRset, {
            zone,
            rrset: { name, type: type.toUpperCase(), ttl: Number(o.ttl), records },
            options: cli.writeOptions(o),
          }),
        );
        return ExitCode.OK;
      }),
    );

  withWrite(
    rrset.command('delete <zone> <name> <type>').description('delete the RRset <name> <type>'),
  ).action(
    cli.run(async (c, zone: string, name: string, type: string, o) => {
      cli.printWrite(
        await c.call(c.zones, c.zones.deleteRRset, {
          zone,
          name,
          type: type.toUpperCase(),
          options: cli.writeOptions(o),
        }),
      );
      return ExitCode.OK;
    }),
  );

  withWrite(
    rrset
      .command('patch <zone> <file>')
      .description("apply several RRset changes from a JSON file ('-': stdin) as ONE ChangeSet")
      .addHelpText(
        'after',
        '\nThe file: [{"changetype":"REPLACE","name":"www","type":"A","ttl":300,"records":["192.0.2.1"]},\n           {"changetype":"DELETE","name":"old","type":"A"}]',
      ),
  ).action(
    cli.run(async (c, zone: string, file: string, o) => {
      const changes = changesFrom(readFileSync(file === '-' ? 0 : file, 'utf8'));
      cli.printWrite(
        await c.call(c.zones, c.zones.patchRRsets, { zone, changes, options: cli.writeOptions(o) }),
      );
      return ExitCode.OK;
    }),
  );
}
