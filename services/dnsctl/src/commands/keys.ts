import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { type DnssecKey, type DnssecKeys, DnssecServiceClient } from '@shoal/admin-api';
import type { Command } from 'commander';
import { type Cli, withWrite } from '../cli.js';
import { type AdminClients, ExitCode } from '../client.js';
import { renderTable } from '../table.js';

/** `dnsctl keys ...`: DNSSEC signing and keys (dns.admin.v1.DnssecService; the signers hold the keys). */
export function keysCommands(program: Command, cli: Cli): void {
  const keys = program
    .command('keys')
    .description('DNSSEC: sign zones online, list and manage their keys, DS for the parent');

  /** Runs `body` with a DnssecService client on the same connection settings and token. */
  const run = <A extends unknown[]>(
    body: (c: AdminClients, d: DnssecServiceClient, ...args: A) => Promise<number | undefined>,
  ) =>
    cli.run(async (c, ...args: A) => {
      const d = dnssecClient(program);
      try {
        return await body(c, d, ...args);
      } finally {
        d.close();
      }
    });

  const show = (r: DnssecKeys) => cli.print(r.keys, () => keyTable(r.keys));

  withWrite(
    keys
      .command('sign <zone>')
      .description('sign the zone online (the signers create its keys); then give the parent `keys ds`')
      .option('--nsec3', 'deny existence with NSEC3 rather than NSEC')
      .option('--iterations <n>', 'NSEC3 additional iterations (RFC 9276: 0)', '0')
      .option('--salt <hex>', 'NSEC3 salt (RFC 9276: none)', '')
      .option('--opt-out', 'NSEC3 opt-out: unsigned delegations are left out of the chain'),
  ).action(
    run(async (c, d, zone: string, o) => {
      const r = await c.call(d, d.setSigning, {
        zone,
        signed: true,
        nsec3: Boolean(o.nsec3),
        nsec3Iterations: Number(o.iterations),
        nsec3Salt: o.salt,
        nsec3OptOut: Boolean(o.optOut),
        options: cli.writeOptions(o),
      });
      cli.printWrite(r);
      return ExitCode.OK;
    }),
  );

  withWrite(
    keys
      .command('unsign <zone>')
      .description(
        'stop signing: every DNSSEC record goes. Remove the DS at the parent and wait out its TTL first',
      ),
  ).action(
    run(async (c, d, zone: string, o) => {
      const r = await c.call(d, d.setSigning, {
        zone,
        signed: false,
        nsec3: false,
        nsec3Iterations: 0,
        nsec3Salt: '',
        nsec3OptOut: false,
        options: cli.writeOptions(o),
      });
      cli.printWrite(r);
      return ExitCode.OK;
    }),
  );

  keys
    .command('list <zone>')
    .description("the zone's keys and their timelines")
    .action(
      run(async (c, d, zone: string) => {
        show(await c.call(d, d.listKeys, { zone }));
        return ExitCode.OK;
      }),
    );

  keys
    .command('ds <zone>')
    .description('the DS records to give the parent (KSKs and CSKs that are published)')
    .action(
      run(async (c, d, zone: string) => {
        const r = await c.call(d, d.listKeys, { zone });
        const origin = zone.endsWith('.') ? zone : `${zone}.`;
        const wanted = r.keys.filter(
          (k) => k.role !== 'zsk' && (k.state === 'active' || k.state === 'published'),
        );
        cli.print(
          wanted.map((k) => ({ id: k.id, keyTag: k.keyTag, ds: k.ds })),
          () => wanted.map((k) => `${origin}\tIN\tDS\t${k.ds}`).join('\n'),
        );
        return ExitCode.OK;
      }),
    );

  keys
    .command('generate <zone>')
    .description(
      'generate a key; with --activate it is published and starts signing (after the publish interval when another key of the role signs)',
    )
    .requiredOption('--role <role>', 'ksk, zsk or csk')
    .option(
      '-a, --algorithm <n>',
      "8 (RSASHA256), 13 (ECDSAP256SHA256) or 15 (ED25519); default: the signers' policy",
      '0',
    )
    .option('--activate', 'publish and activate')
    .action(
      run(async (c, d, zone: string, o) => {
        show(
          await c.call(d, d.generateKey, {
            zone,
            role: o.role,
            algorithm: Number(o.algorithm),
            activate: Boolean(o.activate),
          }),
        );
        return ExitCode.OK;
      }),
    );

  for (const [name, description] of [
    ['activate', 'publish a key and make it sign'],
    ['ds-seen', 'the parent now has a DS for this key: a KSK rollover may finish'],
  ] as const) {
    keys
      .command(`${name} <zone> <id>`)
      .description(description)
      .action(
        run(async (c, d, zone: string, id: string) => {
          show(
            name === 'activate'
              ? await c.call(d, d.activateKey, { zone, id })
              : await c.call(d, d.markDsSeen, { zone, id }),
          );
          return ExitCode.OK;
        }),
      );
  }

  keys
    .command('retire <zone> <id>')
    .description('stop signing with a key; it leaves the DNSKEY RRset once its signatures are out of caches')
    .option('--force', 'even if it is the last key of its role signing')
    .action(
      run(async (c, d, zone: string, id: string, o) => {
        show(await c.call(d, d.retireKey, { zone, id, force: Boolean(o.force) }));
        return ExitCode.OK;
      }),
    );

  keys
    .command('delete <zone> <id>')
    .description('delete a key (one not in the DNSKEY RRset, unless --force)')
    .option('--force', 'even if it is still published')
    .action(
      run(async (c, d, zone: string, id: string, o) => {
        show(await c.call(d, d.deleteKey, { zone, id, force: Boolean(o.force) }));
        return ExitCode.OK;
      }),
    );

  keys
    .command('rollover <zone>')
    .description('start a rollover now: ZSK pre-publication, KSK/CSK double signature')
    .requiredOption('--role <role>', 'ksk, zsk or csk')
    .action(
      run(async (c, d, zone: string, o) => {
        show(await c.call(d, d.rolloverKey, { zone, role: o.role }));
        return ExitCode.OK;
      }),
    );
}

function keyTable(keys: readonly DnssecKey[]): string {
  const time = (t: number) => (t ? new Date(t * 1000).toISOString().replace('.000Z', 'Z') : '-');
  return renderTable(
    ['ID', 'TAG', 'ROLE', 'ALG', 'STATE', 'PUBLISH', 'ACTIVATE', 'RETIRE', 'REMOVE'],
    keys.map((k) => [
      k.id,
      String(k.keyTag),
      k.role,
      String(k.algorithm),
      k.state,
      time(k.publish),
      time(k.activate),
      time(k.retire),
      time(k.remove),
    ]),
  );
}

/** A DnssecService client with the same address and TLS settings as the other clients. */
function dnssecClient(program: Command): DnssecServiceClient {
  const o = program.opts();
  const creds = o.ca
    ? grpc.credentials.createSsl(
        readFileSync(o.ca),
        o.key ? readFileSync(o.key) : null,
        o.cert ? readFileSync(o.cert) : null,
      )
    : grpc.credentials.createInsecure();
  return new DnssecServiceClient(o.server, creds);
}
