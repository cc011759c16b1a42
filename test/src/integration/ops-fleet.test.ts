/**
 * The local fleet launcher (scripts/fleet.sh) as an operator uses it: one command brings up a
 * three-server NATS cluster, the admin and N nodes on their own loopback addresses; each node
 * answers for the example zone; Ctrl-C stops every process it started.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { ManagedProcess, query, REPO_ROOT, tempDir, waitFor } from '../harness/index.js';
import { get } from './ops-support.js';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port whose +0..2, +100..102 and +200..202 are all free (the launcher's layout). */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = [0, 1, 2, 100, 101, 102, 200, 201, 202].map((o) => base + o);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free port range');
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('scripts/fleet.sh 3: a cluster, the admin and three nodes that answer; Ctrl-C leaves nothing behind', async (t) => {
  const data = tempDir('fleet');
  const base = await freeBase();
  const pagePort = base + 3;
  const first = 61;
  const fleet = new ManagedProcess('fleet', 'bash', [join(REPO_ROOT, 'scripts/fleet.sh'), '3'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SHOAL_SKIP_SETUP: '1',
      SHOAL_FLEET_DATA: data,
      SHOAL_FLEET_FIRST: String(first),
      SHOAL_FLEET_NATS_PORT: String(base),
      SHOAL_FLEET_GRPC_PORT: String(base + 4),
      SHOAL_FLEET_PAGE_PORT: String(pagePort),
      SHOAL_FLEET_DNS_PORT: '5300',
      SHOAL_FLEET_WEB_PORT: '8053',
    },
  });
  let pids: number[] = [];
  try {
    await fleet.waitForOutput(/fleet ready/, 90_000);
    pids = readFileSync(join(data, 'fleet.pids'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => Number(l.split(' ')[0]));
    t.is(pids.length, 3 + 1 + 3, 'three NATS servers, the admin, three nodes');
    for (let i = 0; i < 3; i++) {
      const address = `127.0.0.${first + i}`;
      const m = await query('www.example.test', 'A', { port: 5300, address });
      t.true(m.aa, address);
      t.is(m.answers.length, 1, address);
      const ready = await waitFor(`node-${i + 1} ready`, async () => {
        const r = await get(`http://${address}:8053/readyz`);
        return r.status === 200 ? r.json<{ node: string; region: string }>() : undefined;
      });
      t.is(ready.node, `node-${i + 1}`);
      t.is(ready.region, i % 2 === 0 ? 'eu-west' : 'us-east');
    }
    // The admin's fleet page sees all three through their heartbeats.
    const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
    const view = await waitFor('fleet view', async () => {
      const r = await get(`http://127.0.0.1:${pagePort}/api/v1/fleet`, undefined, {
        headers: { authorization: `Bearer ${token}` },
      });
      const v = r.json<{ totals: { ready: number }; regions: { region: string; nodes: number }[] }>();
      return v.totals.ready === 3 ? v : undefined;
    });
    t.deepEqual(
      view.regions.map((r) => [r.region, r.nodes]),
      [
        ['eu-west', 2],
        ['us-east', 1],
      ],
    );
  } finally {
    fleet.child.kill('SIGINT');
    const code = await Promise.race([
      fleet.waitExit(),
      new Promise((r) => setTimeout(() => r('timeout'), 30_000)),
    ]);
    t.is(code, 0, fleet.log.slice(-2000));
    await fleet.stop();
  }
  t.regex(fleet.log, /stopped\./);
  t.deepEqual(pids.filter(alive), [], 'no process left behind');
  rmSync(data, { recursive: true, force: true });
});
