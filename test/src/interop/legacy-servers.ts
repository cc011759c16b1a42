/**
 * Real BIND, Knot, NSD and PowerDNS processes for the transfer interop tests: each on a free
 * loopback port, with a generated configuration, its data and control socket in a temp
 * directory, run as the current user in the foreground, stopped by the test.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildQuery, freePort, ManagedProcess, tempDir, udpExchange, waitFor } from '../harness/index.js';

const run = promisify(execFile);

export const NAMED = '/usr/sbin/named';
export const KNOTD = '/usr/sbin/knotd';
export const NSD = '/usr/sbin/nsd';
export const PDNS = '/usr/sbin/pdns_server';

export interface TsigKeyDef {
  name: string;
  algorithm: string;
  secret: string;
}

/** A zone a legacy server pulls from a primary. */
export interface SecondaryZoneDef {
  name: string;
  primaryPort: number;
  primaryAddress?: string;
  /** Sign the SOA queries and transfers with this key. */
  key?: TsigKeyDef;
  /** BIND only: pull over TLS (XoT) with this tls configuration name, e.g. "ephemeral". */
  primaryTls?: string;
}

function bare(name: string): string {
  return name.replace(/\.$/, '');
}

function requireBinary(path: string, pkg: string): void {
  if (!existsSync(path)) throw new Error(`${path} not found: install the Debian package ${pkg}`);
}

async function answersSoa(port: number, zone: string): Promise<boolean> {
  const reply = await udpExchange(buildQuery(zone, 'SOA'), port, '127.0.0.1', 300);
  return reply !== undefined;
}

export interface LegacyServer {
  readonly port: number;
  readonly directory: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export abstract class BaseServer implements LegacyServer {
  process!: ManagedProcess;
  constructor(
    readonly port: number,
    readonly directory: string,
  ) {}

  get log(): string {
    return this.process.log;
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** BIND named: secondary zones pulled from the fleet, or a primary zone from a file. */
export class BindServer extends BaseServer {
  rndcPort = 0;

  static async start(options: {
    secondaries?: SecondaryZoneDef[];
    primaries?: { name: string; text: string; alsoNotify?: number[]; allowUpdateKey?: string }[];
    keys?: TsigKeyDef[];
    port?: number;
    /** More statements for the options block. */
    options?: string[];
  }): Promise<BindServer> {
    requireBinary(NAMED, 'bind9');
    const dir = tempDir('named');
    const server = new BindServer(options.port ?? (await freePort()), dir);
    server.rndcPort = await freePort();
    const rndcSecret = randomBytes(32).toString('base64');
    const keys = [...(options.keys ?? [])];
    const lines = [
      'options {',
      `  directory "${dir}";`,
      '  pid-file none;',
      `  session-keyfile "${join(dir, 'session.key')}";`,
      `  managed-keys-directory "${dir}";`,
      `  listen-on port ${server.port} { 127.0.0.1; };`,
      '  listen-on-v6 { none; };',
      '  recursion no;',
      '  dnssec-validation no;',
      '  allow-query { any; };',
      '  allow-transfer { 127.0.0.1; };',
      '  notify explicit;',
      '  notify-delay 0;',
      '  ixfr-from-differences yes;',
      '  min-refresh-time 1; min-retry-time 1;',
      '  startup-notify-rate 1000; notify-rate 1000; serial-query-rate 1000;',
      ...(options.options ?? []).map((line) => `  ${line}`),
      '};',
      `key "rndc-key" { algorithm hmac-sha256; secret "${rndcSecret}"; };`,
      `controls { inet 127.0.0.1 port ${server.rndcPort} allow { 127.0.0.1; } keys { "rndc-key"; }; };`,
      ...keys.map((k) => `key "${bare(k.name)}" { algorithm ${k.algorithm}; secret "${k.secret}"; };`),
    ];
    for (const z of options.secondaries ?? []) {
      const key = z.key ? ` key "${bare(z.key.name)}"` : '';
      const tls = z.primaryTls ? ` tls ${z.primaryTls}` : '';
      lines.push(
        `zone "${bare(z.name)}" { type secondary; primaries { ${z.primaryAddress ?? '127.0.0.1'} port ${z.primaryPort}${key}${tls}; }; file "${bare(z.name)}.db"; };`,
      );
    }
    for (const z of options.primaries ?? []) {
      writeFileSync(join(dir, `${bare(z.name)}.db`), z.text);
      const notify = z.alsoNotify?.length
        ? ` also-notify { ${z.alsoNotify.map((p) => `127.0.0.1 port ${p};`).join(' ')} };`
        : '';
      const update = z.allowUpdateKey ? ` allow-update { key "${bare(z.allowUpdateKey)}"; };` : '';
      lines.push(`zone "${bare(z.name)}" { type primary; file "${bare(z.name)}.db";${notify}${update} };`);
    }
    writeFileSync(join(dir, 'named.conf'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'rndc.conf'),
      `key "rndc-key" { algorithm hmac-sha256; secret "${rndcSecret}"; };\noptions { default-key "rndc-key"; default-server 127.0.0.1; default-port ${server.rndcPort}; };\n`,
    );
    await server.launch();
    return server;
  }

  private async launch(): Promise<void> {
    this.process = new ManagedProcess('named', NAMED, [
      '-g',
      '-c',
      join(this.directory, 'named.conf'),
      '-n',
      '1',
    ]);
    await this.process.waitForOutput(/running$|all zones loaded/m, 20_000);
  }

  /** Starts named again with the same configuration, port and data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async rndc(...args: string[]): Promise<string> {
    const { stdout } = await run('/usr/sbin/rndc', ['-c', join(this.directory, 'rndc.conf'), ...args], {
      timeout: 10_000,
    });
    return stdout;
  }

  /** Rewrites a primary zone's file and reloads it (BIND computes the IXFR difference). */
  async updatePrimary(name: string, text: string): Promise<void> {
    writeFileSync(join(this.directory, `${bare(name)}.db`), text);
    await this.rndc('reload', bare(name));
  }
}

/** Knot DNS knotd with secondary zones pulled from the fleet. */
export class KnotServer extends BaseServer {
  static async start(options: {
    secondaries: SecondaryZoneDef[];
    keys?: TsigKeyDef[];
    port?: number;
    /** Zones (by name) that are catalogs to interpret: members are pulled from the same primary. */
    catalogs?: string[];
  }): Promise<KnotServer> {
    requireBinary(KNOTD, 'knot');
    const dir = tempDir('knot');
    const server = new KnotServer(options.port ?? (await freePort()), dir);
    const keys = options.keys ?? [];
    const y: string[] = [
      'server:',
      `    rundir: "${dir}"`,
      `    listen: 127.0.0.1@${server.port}`,
      `    pidfile: "${join(dir, 'knot.pid')}"`,
      'log:',
      '  - target: stderr',
      '    any: info',
      'database:',
      `    storage: "${join(dir, 'db')}"`,
      'control:',
      `    listen: "${join(dir, 'knot.sock')}"`,
    ];
    if (keys.length) {
      y.push('key:');
      for (const k of keys)
        y.push(`  - id: ${bare(k.name)}`, `    algorithm: ${k.algorithm}`, `    secret: ${k.secret}`);
    }
    y.push('remote:');
    options.secondaries.forEach((z, i) => {
      y.push(`  - id: primary${i}`, `    address: ${z.primaryAddress ?? '127.0.0.1'}@${z.primaryPort}`);
      if (z.key) y.push(`    key: ${bare(z.key.name)}`);
    });
    y.push(
      'acl:',
      '  - id: from-fleet',
      '    address: 127.0.0.0/8',
      '    action: notify',
      '  - id: transfer-out',
      '    address: 127.0.0.0/8',
      '    action: transfer',
      'template:',
      '  - id: default',
      `    storage: "${join(dir, 'zones')}"`,
    );
    options.secondaries.forEach((z, i) => {
      if (!options.catalogs?.includes(z.name)) return;
      y.push(
        `  - id: members-of-${i}`,
        `    storage: "${join(dir, 'zones')}"`,
        `    master: primary${i}`,
        '    acl: [from-fleet, transfer-out]',
      );
    });
    y.push('zone:');
    options.secondaries.forEach((z, i) => {
      y.push(`  - domain: ${bare(z.name)}`, `    master: primary${i}`, '    acl: [from-fleet, transfer-out]');
      if (options.catalogs?.includes(z.name))
        y.push('    catalog-role: interpret', `    catalog-template: members-of-${i}`);
    });
    // knotd creates its databases but not their parent: without it, storing an IXFR in the
    // journal fails (ENOENT) and it falls back to AXFR.
    mkdirSync(join(dir, 'db'), { recursive: true });
    writeFileSync(join(dir, 'knot.conf'), `${y.join('\n')}\n`);
    server.process = new ManagedProcess('knotd', KNOTD, ['-c', join(dir, 'knot.conf')]);
    await server.process.waitForOutput(/server started/, 20_000);
    return server;
  }

  async knotc(...args: string[]): Promise<string> {
    const { stdout } = await run('/usr/sbin/knotc', ['-c', join(this.directory, 'knot.conf'), ...args], {
      timeout: 10_000,
    });
    return stdout;
  }
}

/** NSD with secondary zones pulled from the fleet. */
export class NsdServer extends BaseServer {
  static async start(options: {
    secondaries: SecondaryZoneDef[];
    keys?: TsigKeyDef[];
    port?: number;
  }): Promise<NsdServer> {
    requireBinary(NSD, 'nsd');
    const dir = tempDir('nsd');
    const server = new NsdServer(options.port ?? (await freePort()), dir);
    const c: string[] = [
      'server:',
      `    ip-address: 127.0.0.1@${server.port}`,
      '    do-ip6: no',
      '    username: ""',
      '    chroot: ""',
      `    zonesdir: "${dir}"`,
      `    pidfile: "${join(dir, 'nsd.pid')}"`,
      '    database: ""',
      `    xfrdfile: "${join(dir, 'xfrd.state')}"`,
      `    zonelistfile: "${join(dir, 'zone.list')}"`,
      `    xfrdir: "${join(dir, 'xfr')}"`,
      '    verbosity: 2',
      '    xfrd-reload-timeout: 0',
      'remote-control:',
      '    control-enable: yes',
      `    control-interface: "${join(dir, 'nsd.ctl')}"`,
    ];
    for (const k of options.keys ?? [])
      c.push(
        'key:',
        `    name: "${bare(k.name)}"`,
        `    algorithm: ${k.algorithm}`,
        `    secret: "${k.secret}"`,
      );
    for (const z of options.secondaries) {
      const key = z.key ? bare(z.key.name) : 'NOKEY';
      const primary = `${z.primaryAddress ?? '127.0.0.1'}@${z.primaryPort}`;
      c.push(
        'zone:',
        `    name: "${bare(z.name)}"`,
        `    zonefile: "${bare(z.name)}.zone"`,
        `    allow-notify: 127.0.0.1 ${key}`,
        `    request-xfr: ${primary} ${key}`,
        '    provide-xfr: 127.0.0.1 NOKEY',
      );
    }
    writeFileSync(join(dir, 'nsd.conf'), `${c.join('\n')}\n`);
    server.process = new ManagedProcess('nsd', NSD, ['-d', '-c', join(dir, 'nsd.conf')]);
    await waitFor(
      'nsd to answer',
      async () => {
        if (!server.process.running) throw new Error(`nsd exited:\n${server.process.log}`);
        return answersSoa(server.port, options.secondaries[0]?.name ?? 'invalid.');
      },
      20_000,
      100,
    );
    return server;
  }
}
