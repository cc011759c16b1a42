/**
 * What deploy/ ships must work as shipped: every NATS configuration parses (nats-server -t), the
 * accounts actually stop a node from writing, the stream definitions are mirrors of DNS, the
 * systemd units verify and carry their hardening, and the example node config validates.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import test from 'ava';
import {
  freePort,
  loadSyntheticHistory,
  ManagedProcess,
  NODE_MAIN,
  query,
  REPO_ROOT,
  tempDir,
  waitFor,
} from '../harness/index.js';

const run = promisify(execFile);
const DEPLOY = join(REPO_ROOT, 'deploy');
const PASSWORDS = {
  SHOAL_NATS_ADMIN_PASSWORD: 'admin-secret',
  SHOAL_NATS_NODE_PASSWORD: 'node-secret',
  SHOAL_NATS_MAINTAINER_PASSWORD: 'maintainer-secret',
  SHOAL_NATS_BRIDGE_PASSWORD: 'bridge-secret',
  SHOAL_NATS_SYS_PASSWORD: 'sys-secret',
  SHOAL_NATS_LEAF_PASSWORD: 'leaf-secret',
};

const natsConfigs = ['cluster', 'supercluster', 'leafnode'].flatMap((dir) =>
  readdirSync(join(DEPLOY, 'nats', dir))
    .filter((f) => f.endsWith('.conf'))
    .map((f) => join('nats', dir, f)),
);

test('the NATS configurations: a three-server cluster, two regions with gateways, a leaf-node edge', (t) => {
  t.deepEqual(
    natsConfigs.map((f) => f.split('/').slice(1).join('/')),
    [
      'cluster/nats-1.conf',
      'cluster/nats-2.conf',
      'cluster/nats-3.conf',
      'supercluster/eu-west-1.conf',
      'supercluster/eu-west-2.conf',
      'supercluster/eu-west-3.conf',
      'supercluster/us-east-1.conf',
      'supercluster/us-east-2.conf',
      'supercluster/us-east-3.conf',
      'leafnode/edge.conf',
    ],
  );
  const gw = readFileSync(join(DEPLOY, 'nats/supercluster/us-east-2.conf'), 'utf8');
  t.regex(gw, /gateway \{\s+name: us-east/);
  t.regex(readFileSync(join(DEPLOY, 'nats/leafnode/edge.conf'), 'utf8'), /domain: edge-ams/);
});

for (const file of natsConfigs) {
  test(`nats-server -t accepts ${file}`, async (t) => {
    const { stdout, stderr } = await run('nats-server', ['-t', '-c', join(DEPLOY, file)], {
      env: { ...process.env, ...PASSWORDS },
    });
    t.regex(stdout + stderr, /configuration file .* is valid/);
  });
}

test('a configuration without its passwords in the environment is refused (no secret lives in the files)', async (t) => {
  const err = await t.throwsAsync(
    run('nats-server', ['-t', '-c', join(DEPLOY, 'nats/cluster/nats-1.conf')], {
      env: { PATH: process.env.PATH },
    }),
  );
  t.regex(
    String((err as { stderr?: string }).stderr ?? err),
    /variable reference for 'SHOAL_NATS_\w+_PASSWORD'/,
  );
});

test('the stream definitions mirror DNS: a region mirror in its cluster, an edge mirror across domains', (t) => {
  const region = JSON.parse(readFileSync(join(DEPLOY, 'nats/streams/DNS_us-east.json'), 'utf8'));
  t.like(region, {
    name: 'DNS_us-east',
    mirror: { name: 'DNS' },
    placement: { cluster: 'us-east' },
    deny_delete: true,
  });
  t.regex(region.name, /^[A-Za-z0-9_-]{1,64}$/, 'a stream name a node accepts in its config');
  const edge = JSON.parse(readFileSync(join(DEPLOY, 'nats/streams/DNS-edge.json'), 'utf8'));
  t.like(edge, { name: 'DNS', mirror: { name: 'DNS', external: { api: '$JS.hub.API' } } });
});

test('the accounts: a node follows the stream with its own user, and cannot append an event', async (t) => {
  const dir = tempDir('deploy-accounts');
  const port = await freePort();
  const conf = join(dir, 'nats.conf');
  writeFileSync(
    conf,
    // Connections without credentials (the test's own loader) act as the admin user.
    [
      `listen: 127.0.0.1:${port}`,
      `jetstream { store_dir: "${join(dir, 'js')}" }`,
      'include accounts.conf',
      'no_auth_user: admin',
    ].join('\n'),
  );
  // NATS includes are relative to the including file.
  copyFileSync(join(DEPLOY, 'nats/accounts.conf'), join(dir, 'accounts.conf'));
  const nats = new ManagedProcess('nats', 'nats-server', ['-c', conf], {
    env: { ...process.env, ...PASSWORDS },
  });
  let node: ManagedProcess | undefined;
  try {
    await nats.waitForOutput(/Server is ready/);
    const url = `nats://127.0.0.1:${port}`;
    await loadSyntheticHistory(url, { zones: 1, changesPerZone: 1, zonePrefix: 'acct' });
    const dnsPort = await freePort();
    node = new ManagedProcess('node', process.execPath, [NODE_MAIN], {
      env: {
        ...process.env,
        SHOAL_NATS_URL: url,
        SHOAL_NATS_USER: 'node',
        SHOAL_NATS_PASSWORD: 'node-secret',
        SHOAL_NODE_ID: 'acct-1',
        SHOAL_NODE_DATA_DIR: join(dir, 'node'),
        SHOAL_DNS_LISTEN: `127.0.0.1:${dnsPort}`,
        SHOAL_WEB_LISTEN: 'off',
        SHOAL_CHECKPOINT_BOOTSTRAP: 'false',
      },
    });
    await node.waitForOutput(/shoal-node serving/);
    await waitFor(
      'served through the node user',
      async () => (await query('acct0.test', 'SOA', { port: dnsPort })).answers.length === 1,
    );
    t.is((await query('acct0.test', 'SOA', { port: dnsPort })).rcode, 0);
    const nc = await connect({ servers: url, user: 'node', pass: 'node-secret' });
    try {
      const err = await t.throwsAsync(nc.request('dns.zone.acct0_test', 'forged', { timeout: 2000 }));
      t.regex(String(err), /permission|timeout|no responders/i);
      await waitFor(
        'violation logged',
        () => /Publish Violation.*dns\.zone\.acct0_test/.test(nats.log),
        5000,
      );
    } finally {
      await nc.close();
    }
    t.pass();
  } finally {
    await node?.stop();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

const units = readdirSync(join(DEPLOY, 'systemd')).filter((f) => f.endsWith('.service'));

test('systemd units for every service, each hardened', (t) => {
  t.deepEqual(units.sort(), [
    'nats-server.service',
    'shoal-admin.service',
    'shoal-bridge.service',
    'shoal-node.service',
  ]);
  for (const unit of units) {
    const text = readFileSync(join(DEPLOY, 'systemd', unit), 'utf8');
    for (const directive of [
      'DynamicUser=yes',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'SystemCallFilter=@system-service',
      'StateDirectory=',
    ]) {
      t.true(text.includes(directive), `${unit}: ${directive}`);
    }
    const needs53 = unit === 'shoal-node.service' || unit === 'shoal-bridge.service';
    t.is(
      /^CapabilityBoundingSet=CAP_NET_BIND_SERVICE$/m.test(text),
      needs53,
      `${unit}: capability bounding set`,
    );
    t.is(/^AmbientCapabilities=CAP_NET_BIND_SERVICE$/m.test(text), needs53, `${unit}: ambient capability`);
  }
});

test('systemd-analyze verify accepts the units', async (t) => {
  const found = await run('sh', ['-c', 'command -v systemd-analyze']).catch(() => undefined);
  if (!found) {
    t.log('systemd-analyze is not installed here; the units were checked for their directives only');
    t.pass();
    return;
  }
  const { stdout, stderr } = await run('systemd-analyze', [
    'verify',
    ...units.map((u) => join(DEPLOY, 'systemd', u)),
  ]).catch((e) => {
    throw new Error(`systemd-analyze verify failed:\n${e.stdout}${e.stderr}`);
  });
  t.is((stdout + stderr).trim(), '', 'no warnings');
});

test('the example node configuration validates (with its API key supplied as the unit does)', async (t) => {
  const { loadNodeConfig } = (await import(pathToFileURL(join(NODE_MAIN, '..', 'config.js')).href)) as {
    loadNodeConfig: (
      env: Record<string, string>,
      file: string,
    ) => { nodeId: string; ops: { web: { listen?: { port: number } } } };
  };
  const file = join(DEPLOY, 'etc/node.yaml');
  t.throws(() => loadNodeConfig({}, file), { message: /not a loopback address; set web.api_key/ });
  const config = loadNodeConfig({ SHOAL_WEB_API_KEY: 'k'.repeat(32) }, file);
  t.is(config.nodeId, 'ams-1');
  t.is(config.ops.web.listen?.port, 8053);
});
