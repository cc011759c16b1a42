import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import { ExitCode } from '../client.js';
import { renderTable } from '../table.js';

export function tsigCommands(program: Command, cli: Cli): void {
  const tsig = program
    .command('tsig')
    .description('TSIG keys for zone transfers (kept in the TSIG_KEYS bucket)');

  tsig
    .command('add <name>')
    .description('add a key; the secret is generated unless given')
    .option('-a, --algorithm <alg>', 'hmac-sha1, hmac-sha256, hmac-sha384 or hmac-sha512', 'hmac-sha256')
    .option('--secret <base64>', 'use this secret')
    .option('--replace', 'replace an existing key of that name (rotation)')
    .action(
      cli.run(async (c, name: string, o) => {
        const k = await c.call(c.tsig, c.tsig.createTsigKey, {
          name,
          algorithm: o.algorithm,
          secret: o.secret ?? '',
          replace: Boolean(o.replace),
        });
        cli.print(k, () => `${k.name} ${k.algorithm} ${k.secret}`);
        return ExitCode.OK;
      }),
    );

  tsig
    .command('list')
    .description('list keys (without their secrets)')
    .action(
      cli.run(async (c) => {
        const r = await c.call(c.tsig, c.tsig.listTsigKeys, {});
        cli.print(r.keys, () =>
          renderTable(
            ['NAME', 'ALGORITHM'],
            r.keys.map((k) => [k.name, k.algorithm]),
          ),
        );
        return ExitCode.OK;
      }),
    );

  tsig
    .command('show <name>')
    .description('show a key with its secret, in BIND key-statement form')
    .action(
      cli.run(async (c, name: string) => {
        const k = await c.call(c.tsig, c.tsig.getTsigKey, { name });
        cli.print(k, () => `key "${k.name}" {\n\talgorithm ${k.algorithm};\n\tsecret "${k.secret}";\n};`);
        return ExitCode.OK;
      }),
    );

  tsig
    .command('delete <name>')
    .description('delete a key')
    .action(
      cli.run(async (c, name: string) => {
        await c.call(c.tsig, c.tsig.deleteTsigKey, { name });
        cli.print({ deleted: name }, () => `deleted ${name}`);
        return ExitCode.OK;
      }),
    );
}
