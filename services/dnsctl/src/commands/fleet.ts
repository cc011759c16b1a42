import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import { ExitCode } from '../client.js';
import { mrtgLines } from '../mrtg.js';
import { renderTable } from '../table.js';

export function fleetCommands(program: Command, cli: Cli): void {
  const fleet = program.command('fleet').description('the serving nodes');
  fleet
    .command('status')
    .description("every node's region, applied sequence, lag and QPS")
    .action(
      cli.run(async (c) => {
        const s = await c.call(c.fleet, c.fleet.fleetStatus, {});
        cli.print(
          s,
          () =>
            `stream last sequence ${s.streamLastSequence}\n` +
            renderTable(
              ['NODE', 'REGION', 'APPLIED', 'LAG', 'LAG_S', 'QPS', 'READY', 'NATS'],
              s.nodes.map((n) => [
                n.nodeId,
                n.region,
                n.appliedSequence,
                n.lagEvents,
                n.lagSeconds.toFixed(1),
                n.queriesPerSecond.toFixed(1),
                n.ready ? 'yes' : 'no',
                n.natsConnected ? 'up' : 'down',
              ]),
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
      cli.run(async (c, sequence: string, o) => {
        const timeoutMs = Number(o.timeoutMs);
        const r = await c.call(
          c.fleet,
          c.fleet.waitForSync,
          { sequence: Number(sequence), timeoutMs, nodeIds: o.node ?? [], region: o.region ?? '' },
          timeoutMs + 5000,
        );
        cli.print(
          r,
          () =>
            `${r.inSync ? 'in sync' : 'NOT in sync'} after ${r.waitedMs} ms\n` +
            renderTable(
              ['NODE', 'REGION', 'APPLIED', 'IN_SYNC'],
              r.nodes.map((n) => [n.nodeId, n.region, n.appliedSequence, n.inSync ? 'yes' : 'no']),
            ),
        );
        return r.inSync ? ExitCode.OK : ExitCode.NOT_IN_SYNC;
      }),
    );

  program
    .command('notify <zone>')
    .description('ask every node and bridge to send DNS NOTIFY for the zone now')
    .action(
      cli.run(async (c, zone: string) => {
        const r = await c.call(c.fleet, c.fleet.notifyZone, { zone });
        cli.print(r, () => `notify requested for ${zone} at serial ${r.serial}`);
        return ExitCode.OK;
      }),
    );

  const cache = program.command('cache').description("the nodes' answer caches");
  cache
    .command('purge [zone] [name]')
    .description(
      'drop cached answers fleet-wide: one name, a whole zone, or everything (no arguments; admin only)',
    )
    .action(
      cli.run(async (c, zone: string | undefined, name: string | undefined) => {
        await c.call(c.fleet, c.fleet.purgeCache, { zone: zone ?? '', name: name ?? '' });
        cli.print(
          { purged: { zone: zone ?? '', name: name ?? '' } },
          () => `purge requested for ${name ?? zone ?? 'every zone'}`,
        );
        return ExitCode.OK;
      }),
    );

  program
    .command('stats [names...]')
    .description('fleet and admin statistics (pdns_control show / mrtg)')
    .option(
      '--mrtg',
      'MRTG external-script output for one or two statistics: value, value, uptime, description',
    )
    .addHelpText('after', '\nExample (MRTG Target): `dnsctl stats --mrtg change-sets fleet-qps`')
    .action(
      cli.run(async (c, names: string[], o) => {
        if (o.mrtg && (names.length < 1 || names.length > 2)) {
          console.error('dnsctl: --mrtg takes one or two statistic names');
          return ExitCode.USAGE;
        }
        const r = await c.call(c.fleet, c.fleet.getStatistics, { names });
        if (o.mrtg) {
          const value = (n: string) => Math.round(r.statistics.find((s) => s.name === n)?.value ?? 0);
          console.log(
            mrtgLines(
              value(names[0]),
              names[1] ? value(names[1]) : undefined,
              r.uptimeSeconds,
              'Shoal DNS fleet',
            ),
          );
          return ExitCode.OK;
        }
        cli.print(r, () =>
          renderTable(
            ['NAME', 'VALUE', 'DESCRIPTION'],
            r.statistics.map((s) => [
              s.name,
              Number.isInteger(s.value) ? s.value : s.value.toFixed(2),
              s.description,
            ]),
          ),
        );
        return ExitCode.OK;
      }),
    );
}
