/**
 * Least privilege: a node started as root binds port 53, then runs as `nobody` with no
 * capabilities left; what it wrote belongs to that user. Needs root (skipped otherwise).
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import {
  dig,
  loadSyntheticHistory,
  ManagedProcess,
  NatsServer,
  NODE_MAIN,
  query,
  tempDir,
  waitFor,
} from '../harness/index.js';

const test = anyTest as TestFn<{ nats: NatsServer; dir: string }>;
const root = process.getuid?.() === 0;
const NOBODY = 65534;
/** A loopback address of its own, so port 53 is ours whatever else runs here. */
const ADDRESS = '127.0.0.153';

test.before(async (t) => {
  const nats = await NatsServer.start();
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 1, zonePrefix: 'priv' });
  const dir = tempDir('privileges');
  // Temp directories are private to root; the service user must be able to reach its data.
  chmodSync(dir, 0o755);
  t.context = { nats, dir };
});

test.after.always(async (t) => {
  await t.context.nats?.dispose();
  if (t.context.dir) rmSync(t.context.dir, { recursive: true, force: true });
});

function status(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

const startNode = (dataDirectory: string, env: Record<string, string>) =>
  new ManagedProcess('node', process.execPath, [NODE_MAIN], {
    env: {
      ...process.env,
      SHOAL_NATS_URL: '',
      SHOAL_NODE_ID: 'priv-1',
      SHOAL_NODE_DATA_DIR: dataDirectory,
      SHOAL_DNS_LISTEN: `${ADDRESS}:53`,
      SHOAL_WEB_LISTEN: 'off',
      ...env,
    },
  });

(root ? test.serial : test.serial.skip)(
  'started as root with user nobody: binds port 53, then runs as nobody with no capabilities',
  async (t) => {
    const { nats, dir } = t.context;
    const data = join(dir, 'data');
    mkdirSync(data);
    chownSync(data, NOBODY, NOBODY);
    const node = startNode(data, { SHOAL_NATS_URL: nats.url, SHOAL_USER: 'nobody', SHOAL_GROUP: 'nogroup' });
    try {
      await node.waitForOutput(/shoal-node serving dns=127\.0\.0\.153:53 /, 20_000);
      const s = status(node.child.pid!);
      t.is(s.Uid, `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`, 'real, effective, saved and filesystem uid');
      t.is(s.Gid, `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`);
      t.is(s.Groups, `${NOBODY}`, 'no supplementary groups left');
      t.is(s.CapEff, '0000000000000000');
      t.is(s.CapPrm, '0000000000000000');
      t.regex(node.log, /"msg":"privileges dropped"/);
      // It serves on port 53 and keeps projecting the stream as nobody.
      const soa = await waitFor('served on port 53', async () => {
        const m = await query('priv0.test', 'SOA', { port: 53, address: ADDRESS });
        return m.answers.length === 1 ? m : undefined;
      });
      t.true(soa.aa);
      t.regex(await dig([`@${ADDRESS}`, '-p', '53', '+norec', 'priv0.test', 'SOA']), /status: NOERROR/);
      await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 0, zonePrefix: 'priv-later' });
      await waitFor(
        'a later zone',
        async () =>
          (await query('priv-later0.test', 'SOA', { port: 53, address: ADDRESS })).answers.length === 1,
      );
      for (const file of readdirSync(data)) {
        t.is(statSync(join(data, file)).uid, NOBODY, `${file} belongs to nobody`);
      }
    } finally {
      await node.stop();
    }
    t.is(node.exitCode, 0, 'stops cleanly as nobody');
  },
);

(root ? test.serial : test.serial.skip)(
  'a data directory the user cannot write is a clear start-up error',
  async (t) => {
    const data = join(t.context.dir, 'root-owned');
    mkdirSync(data, { mode: 0o755 });
    const node = startNode(data, { SHOAL_USER: 'nobody' });
    const code = await node.waitExit();
    t.not(code, 0);
    t.regex(node.log, /permission denied|EACCES|not writable/i);
    t.false(node.log.includes('shoal-node serving'));
  },
);

(root ? test.serial : test.serial.skip)(
  'an unknown user is a configuration error (exit 2), before anything is bound',
  async (t) => {
    const node = startNode(join(t.context.dir, 'unused'), { SHOAL_USER: 'no-such-user-here' });
    t.is(await node.waitExit(), 2);
    t.regex(node.log, /shoal-node: user: no such user "no-such-user-here"/);
  },
);
