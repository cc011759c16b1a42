#!/usr/bin/env node
import { Command, Option } from 'commander';
import { Cli } from './cli.js';
import { ExitCode } from './client.js';
import { fleetCommands } from './commands/fleet.js';
import { keysCommands } from './commands/keys.js';
import { rrsetCommands } from './commands/rrset.js';
import { tsigCommands } from './commands/tsig.js';
import { zoneCommands } from './commands/zone.js';

const program = new Command();
program
  .name('dnsctl')
  .description(
    'Operate a Shoal DNS fleet through its admin gRPC API (pdnsutil and pdns_control for the fleet).',
  )
  .addOption(
    new Option('-s, --server <host:port>', 'admin gRPC address')
      .env('SHOAL_ADMIN_ADDR')
      .default('127.0.0.1:5380'),
  )
  .addOption(new Option('--token <token>', 'bearer token').env('SHOAL_ADMIN_TOKEN'))
  .addOption(new Option('--token-file <file>', 'file holding the bearer token').env('SHOAL_ADMIN_TOKEN_FILE'))
  .addOption(new Option('--ca <file>', 'CA certificate: use TLS and trust this CA').env('SHOAL_ADMIN_CA'))
  .addOption(
    new Option('--cert <file>', 'client certificate (TLS servers that ask for one)').env('SHOAL_ADMIN_CERT'),
  )
  .addOption(new Option('--key <file>', 'private key of --cert').env('SHOAL_ADMIN_KEY'))
  .addOption(new Option('--timeout <ms>', 'deadline of each call').default('10000'))
  .option('--json', 'print machine-readable JSON instead of tables')
  .showHelpAfterError()
  .exitOverride((err) => {
    // Help and version are successes; every other parse problem is a usage error.
    process.exit(
      ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code)
        ? 0
        : ExitCode.USAGE,
    );
  });

const cli = new Cli(program);
zoneCommands(program, cli);
rrsetCommands(program, cli);
tsigCommands(program, cli);
keysCommands(program, cli);
fleetCommands(program, cli);

program.parseAsync(process.argv).catch((err) => {
  console.error(`dnsctl: ${err.message}`);
  process.exit(ExitCode.USAGE);
});
