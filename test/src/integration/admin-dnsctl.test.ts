/**
 * dnsctl as operators and scripts use it: --help on every command, JSON output, the exit codes
 * the README promises, zone edit through $EDITOR (a script that edits with sed), imports and
 * exports, TSIG keys, fleet commands and MRTG statistics.
 */
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { DNSCTL_MAIN, NatsServer, tempDir } from '../harness/index.js';
import { ADMIN_TOKEN, type StartedAdmin, startAdmin, zoneText } from './admin-harness.js';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; dir: string }>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function dnsctl(
  t: { context: { started: StartedAdmin } },
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DNSCTL_MAIN, ...args],
      {
        env: {
          ...process.env,
          SHOAL_ADMIN_ADDR: t.context.started.grpc,
          SHOAL_ADMIN_TOKEN: ADMIN_TOKEN,
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test.before(async (t) => {
  const nats = await NatsServer.start();
  t.context = { nats, started: await startAdmin(nats.url), dir: tempDir('dnsctl') };
});

test.after.always(async (t) => {
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

/** Every command path, found by walking the help output. */
async function commandPaths(t: Parameters<typeof dnsctl>[0], path: string[] = []): Promise<string[][]> {
  const r = await dnsctl(t, [...path, '--help']);
  const section = r.stdout.split(/^Commands:$/m)[1] ?? '';
  const names = [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]).filter((n) => n !== 'help');
  const out: string[][] = [path];
  for (const n of names) out.push(...(await commandPaths(t, [...path, n])));
  return out;
}

test.serial('every command answers --help with its usage and exit code 0', async (t) => {
  const paths = await commandPaths(t);
  const listed = paths.map((p) => p.join(' '));
  for (const required of [
    'zone create',
    'zone list',
    'zone show',
    'zone edit',
    'zone delete',
    'zone import',
    'zone export',
    'zone diff',
    'zone history',
    'zone settings',
    'rrset replace',
    'rrset delete',
    'rrset patch',
    'tsig add',
    'tsig list',
    'tsig show',
    'tsig delete',
    'notify',
    'cache purge',
    'fleet status',
    'wait',
    'stats',
  ]) {
    t.true(listed.includes(required), `${required} exists`);
  }
  for (const p of paths) {
    const r = await dnsctl(t, [...p, '--help']);
    t.is(r.code, 0, `${p.join(' ')} --help`);
    t.regex(r.stdout, /^Usage: dnsctl/m, p.join(' '));
  }
});

test.serial(
  'exit codes: usage 2, not found 3, invalid 4, conflict 5, unavailable 6, auth 7, not in sync 8',
  async (t) => {
    const expect = async (code: number, args: string[], env: Record<string, string> = {}) => {
      const r = await dnsctl(t, args, env);
      t.is(r.code, code, `dnsctl ${args.join(' ')}: ${r.stderr}`);
      return r;
    };
    await expect(0, ['zone', 'create', 'exit.test', '-n', 'ns1.exit.test']);
    await expect(2, ['no-such-command']);
    await expect(2, ['zone', 'list', '--no-such-option']);
    await expect(3, ['zone', 'show', 'nowhere.test']);
    const invalid = await expect(4, ['rrset', 'replace', 'exit.test', 'www', 'A', '192.0.2.300']);
    t.regex(invalid.stderr, /records\[0\].*\[bad-rdata\]/);
    await expect(5, ['zone', 'create', 'exit.test']);
    await expect(6, ['--server', '127.0.0.1:1', '--timeout', '2000', 'zone', 'list']);
    await expect(7, ['zone', 'list'], { SHOAL_ADMIN_TOKEN: 'wrong-token-0123456789' });
    await expect(8, ['wait', '999999', '--timeout-ms', '300']);
  },
);

test.serial('--json everywhere: machine-readable output and errors', async (t) => {
  const list = await dnsctl(t, ['--json', 'zone', 'list']);
  t.is(list.code, 0);
  t.true((JSON.parse(list.stdout) as { name: string }[]).some((z) => z.name === 'exit.test.'));
  const err = await dnsctl(t, [
    '--json',
    'rrset',
    'replace',
    'exit.test',
    'www',
    'CNAME',
    'a.test.',
    'b.test.',
  ]);
  t.is(err.code, 4);
  const body = JSON.parse(err.stdout) as { code: number; violations: { rule: string }[] };
  t.is(body.code, 3);
  t.deepEqual(
    body.violations.map((v) => v.rule),
    ['singleton'],
  );
  const w = JSON.parse(
    (await dnsctl(t, ['--json', 'rrset', 'replace', 'exit.test', 'www', 'A', '192.0.2.1'])).stdout,
  );
  t.true(w.sequence > 0);
});

test.serial(
  'zone edit opens $EDITOR on the zone file and applies the difference as one ChangeSet',
  async (t) => {
    const { dir } = t.context;
    const script = join(dir, 'edit.sh');
    writeFileSync(
      script,
      '#!/bin/sh\nsed -i -e "s/192\\.0\\.2\\.1$/192.0.2.99/" -e "\\$a extra.exit.test. 60 IN TXT \\"edited\\"" "$1"\n',
    );
    chmodSync(script, 0o755);
    const before = JSON.parse((await dnsctl(t, ['--json', 'zone', 'show', 'exit.test'])).stdout) as {
      serial: number;
    };
    const r = await dnsctl(t, ['zone', 'edit', 'exit.test'], { EDITOR: script, VISUAL: '' });
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, /add 2 and remove 1 records/);
    const after = await dnsctl(t, ['zone', 'export', 'exit.test']);
    t.regex(after.stdout, /www\.exit\.test\.\t3600\tIN\tA\t192\.0\.2\.99/);
    t.regex(after.stdout, /extra\.exit\.test\.\t60\tIN\tTXT\t"edited"/);
    const history = JSON.parse(
      (await dnsctl(t, ['--json', 'zone', 'history', 'exit.test', '--limit', '1'])).stdout,
    ) as {
      changes: { fromSerial: number; reason: string }[];
    };
    t.is(history.changes[0].fromSerial, before.serial, 'exactly one change');
    t.is(history.changes[0].reason, 'dnsctl zone edit');
    const unchanged = await dnsctl(t, ['zone', 'edit', 'exit.test'], { EDITOR: 'true', VISUAL: '' });
    t.is(unchanged.code, 0);
    t.regex(unchanged.stdout, /no changes/);
  },
);

test.serial(
  'zone edit refuses to overwrite a change made meanwhile (exit 5) and keeps the edited file',
  async (t) => {
    const { dir } = t.context;
    const script = join(dir, 'race.sh');
    // While "the operator edits", someone else changes the zone.
    writeFileSync(
      script,
      `#!/bin/sh\n"${process.execPath}" "${DNSCTL_MAIN}" rrset replace exit.test meanwhile A 192.0.2.7 >/dev/null\nsed -i -e "s/192\\.0\\.2\\.99/192.0.2.98/" "$1"\n`,
    );
    chmodSync(script, 0o755);
    const r = await dnsctl(t, ['zone', 'edit', 'exit.test'], { EDITOR: script, VISUAL: '' });
    t.is(r.code, 5, r.stderr);
    const kept = /kept at (\S+)/.exec(r.stderr)?.[1];
    t.truthy(kept);
    t.regex(readFileSync(kept!, 'utf8'), /192\.0\.2\.98/);
  },
);

test.serial(
  'import and export: files and stdin, dry runs, chunked imports; no progress bar when stderr is not a terminal',
  async (t) => {
    const { dir } = t.context;
    const file = join(dir, 'imp.zone');
    writeFileSync(file, zoneText('imp.test.', 3000));
    const created = await dnsctl(t, ['zone', 'create', 'imp.test', '-f', file, '--chunked']);
    t.is(created.code, 0, created.stderr);
    t.regex(created.stdout, /create the zone, add 3001 and remove 0 records/);
    t.is(created.stderr, '', 'no progress bar in a pipe');
    writeFileSync(file, zoneText('imp.test.', 2990).concat('new.imp.test. 60 IN A 192.0.2.1\n'));
    const dry = await dnsctl(t, ['zone', 'import', 'imp.test', file, '--dry-run']);
    t.regex(dry.stdout, /^dry run: would add 1 and remove 10 records/);
    t.regex(dry.stdout, /^\+ new\.imp\.test\./m);
    const applied = await dnsctl(t, ['--json', 'zone', 'import', 'imp.test', file]);
    t.is((JSON.parse(applied.stdout) as { results: unknown[] }).results.length, 1);
    const exported = await dnsctl(t, ['zone', 'export', 'imp.test', '-o', join(dir, 'out.zone')]);
    t.is(exported.code, 0);
    t.is(readFileSync(join(dir, 'out.zone'), 'utf8').trim().split('\n').length, 2 + 2990 + 1);
    const viaStdin = await new Promise<Run>((resolve) => {
      const child = execFile(
        process.execPath,
        [DNSCTL_MAIN, 'zone', 'import', 'imp.test', '-', '--dry-run'],
        { env: { ...process.env, SHOAL_ADMIN_ADDR: t.context.started.grpc, SHOAL_ADMIN_TOKEN: ADMIN_TOKEN } },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
      child.stdin?.end(readFileSync(join(dir, 'out.zone')));
    });
    t.regex(viaStdin.stdout, /would add 0 and remove 0 records/);
    const diff = await dnsctl(t, ['zone', 'diff', 'imp.test', '1']);
    t.is(diff.code, 0);
    t.regex(diff.stdout, /^\+ new\.imp\.test\./m);
  },
);

test.serial('tsig add/list/show/delete', async (t) => {
  const add = await dnsctl(t, ['tsig', 'add', 'xfer.key', '-a', 'hmac-sha512']);
  t.is(add.code, 0);
  t.regex(add.stdout, /^xfer\.key\. hmac-sha512 \S+$/m);
  t.regex((await dnsctl(t, ['tsig', 'list'])).stdout, /xfer\.key\.\s+hmac-sha512/);
  t.regex(
    (await dnsctl(t, ['tsig', 'show', 'xfer.key'])).stdout,
    /key "xfer\.key\." \{\n\talgorithm hmac-sha512;\n\tsecret "/,
  );
  t.is((await dnsctl(t, ['tsig', 'delete', 'xfer.key'])).code, 0);
  t.is((await dnsctl(t, ['tsig', 'show', 'xfer.key'])).code, 3);
});

test.serial('notify, cache purge, fleet status, wait, stats and stats --mrtg', async (t) => {
  t.regex((await dnsctl(t, ['notify', 'exit.test'])).stdout, /notify requested for exit\.test at serial \d+/);
  t.is((await dnsctl(t, ['cache', 'purge', 'exit.test', 'www'])).code, 0);
  t.is((await dnsctl(t, ['cache', 'purge'])).code, 0);
  t.regex((await dnsctl(t, ['fleet', 'status'])).stdout, /^stream last sequence \d+/);
  const stats = await dnsctl(t, ['stats']);
  t.regex(stats.stdout, /^zones\s+\d+\s+zones in the projection$/m);
  const mrtg = await dnsctl(t, ['stats', '--mrtg', 'zones', 'change-sets']);
  const lines = mrtg.stdout.trimEnd().split('\n');
  t.is(lines.length, 4);
  t.regex(lines[0], /^\d+$/);
  t.regex(lines[1], /^\d+$/);
  t.regex(lines[2], /^[\d.]+ (seconds|minutes|hours|days|months)$/);
  t.is(lines[3], 'Shoal DNS fleet');
  t.is(
    (await dnsctl(t, ['stats', '--mrtg', 'zones'])).stdout.split('\n')[1],
    '0',
    'second value 0 when not asked for',
  );
  t.is((await dnsctl(t, ['stats', '--mrtg'])).code, 2);
  t.is((await dnsctl(t, ['stats', 'nope'])).code, 4);
});

test.serial('zone settings changes only the options given', async (t) => {
  const r = await dnsctl(t, [
    'zone',
    'settings',
    'exit.test',
    '--transfer-acl',
    '192.0.2.0/24',
    '--meta',
    'X-OWNER=dns,ops',
  ]);
  t.is(r.code, 0, r.stderr);
  const z = JSON.parse((await dnsctl(t, ['--json', 'zone', 'show', 'exit.test', '--no-records'])).stdout) as {
    settings: { transferAcl: string[]; serialPolicy: number; metadata: Record<string, { values: string[] }> };
  };
  t.deepEqual(z.settings.transferAcl, ['192.0.2.0/24']);
  t.deepEqual(z.settings.metadata['X-OWNER'].values, ['dns', 'ops']);
  t.is((await dnsctl(t, ['zone', 'settings', 'exit.test'])).code, 2, 'nothing to change');
  t.is((await dnsctl(t, ['zone', 'settings', 'exit.test', '--transfer-acl', 'nope'])).code, 4);
});

test.serial('rrset patch applies a JSON list of changes as one ChangeSet', async (t) => {
  const file = join(t.context.dir, 'patch.json');
  writeFileSync(
    file,
    JSON.stringify([
      { changetype: 'REPLACE', name: 'p1', type: 'A', ttl: 60, records: ['192.0.2.11'] },
      {
        changetype: 'REPLACE',
        name: 'p2',
        type: 'TXT',
        records: ['"two"'],
        comments: [{ content: 'why', account: 'me' }],
      },
      { changetype: 'DELETE', name: 'extra', type: 'TXT' },
    ]),
  );
  const r = await dnsctl(t, ['--json', 'rrset', 'patch', 'exit.test', file]);
  t.is(r.code, 0, r.stderr);
  const h = JSON.parse(
    (await dnsctl(t, ['--json', 'zone', 'history', 'exit.test', '--limit', '2', '--records'])).stdout,
  ) as {
    changes: { added: string[]; removed: string[] }[];
  };
  const patch = h.changes.find((c) => c.added.some((a) => a.startsWith('p1.exit.test.')))!;
  t.true(patch.added.some((a) => a.startsWith('p2.exit.test.')));
  t.true(patch.removed.some((a) => a.startsWith('extra.exit.test.')));
});
