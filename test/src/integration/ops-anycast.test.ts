/**
 * The anycast health script (deploy/anycast/shoal-health.sh, run by ExaBGP) against a real
 * node: it announces the service prefix once the node is ready, withdraws it when NATS goes
 * away, announces again when NATS is back, and withdraws when the node stops.
 */
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { loadSyntheticHistory, ManagedProcess, NatsServer, REPO_ROOT, waitFor } from '../harness/index.js';
import { startWebNode, type WebNode } from './ops-support.js';

const test = anyTest as TestFn<{ nats: NatsServer; n: WebNode; health: ManagedProcess }>;

const lines = (p: ManagedProcess) => p.log.split('\n').filter((l) => /^(announce|withdraw) route /.test(l));

test.before(async (t) => {
  const nats = await NatsServer.start();
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 1, zonePrefix: 'anycast' });
  const n = await startWebNode(nats.url, {
    nodeId: 'anycast-1',
    env: { SHOAL_READY_MAX_DISCONNECTED_SECONDS: '0' },
  });
  const health = new ManagedProcess(
    'shoal-health',
    'bash',
    [join(REPO_ROOT, 'deploy/anycast/shoal-health.sh')],
    {
      env: {
        ...process.env,
        SHOAL_HEALTH_URL: `${n.web}/readyz`,
        SHOAL_ANYCAST_PREFIXES: '192.0.2.53/32 2001:db8::53/128',
        SHOAL_HEALTH_INTERVAL: '0.2',
        SHOAL_HEALTH_RISE: '2',
        SHOAL_HEALTH_FALL: '2',
      },
    },
  );
  t.context = { nats, n, health };
});

test.after.always(async (t) => {
  await t.context.health?.stop();
  await t.context.n?.node.dispose();
  await t.context.nats?.dispose();
});

test.serial('ready: the prefixes are announced, once', async (t) => {
  const { health } = t.context;
  await waitFor('announced', () => lines(health).length >= 2, 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  t.deepEqual(lines(health), [
    'announce route 192.0.2.53/32 next-hop self',
    'announce route 2001:db8::53/128 next-hop self',
  ]);
});

test.serial('NATS gone: withdrawn; NATS back: announced again', async (t) => {
  const { health, nats } = t.context;
  await nats.stop();
  await waitFor('withdrawn', () => lines(health).length >= 4, 15_000);
  t.deepEqual(lines(health).slice(2), [
    'withdraw route 192.0.2.53/32 next-hop self',
    'withdraw route 2001:db8::53/128 next-hop self',
  ]);
  t.regex(health.log, /not ready \(503\): withdrawn/);
  await nats.restart();
  await waitFor('announced again', () => lines(health).length >= 6, 30_000);
  t.deepEqual(lines(health).slice(4), [
    'announce route 192.0.2.53/32 next-hop self',
    'announce route 2001:db8::53/128 next-hop self',
  ]);
});

test.serial('the node stops: withdrawn (a refused connection is a failed check)', async (t) => {
  const { health, n } = t.context;
  await n.node.stop();
  await waitFor('withdrawn', () => lines(health).length >= 8, 15_000);
  t.is(lines(health)[6], 'withdraw route 192.0.2.53/32 next-hop self');
});

test.serial('stopping the script withdraws what it announced', async (t) => {
  const { nats, health } = t.context;
  // A second script against a ready node, stopped while announced.
  const n = await startWebNode(nats.url, { nodeId: 'anycast-2' });
  const other = new ManagedProcess(
    'shoal-health-2',
    'bash',
    [join(REPO_ROOT, 'deploy/anycast/shoal-health.sh')],
    {
      env: {
        ...process.env,
        SHOAL_HEALTH_URL: `${n.web}/readyz`,
        SHOAL_HEALTH_INTERVAL: '0.2',
        SHOAL_HEALTH_RISE: '1',
      },
    },
  );
  try {
    await waitFor('announced', () => lines(other).length === 1, 15_000);
    await other.stop();
    t.deepEqual(lines(other), [
      'announce route 192.0.2.53/32 next-hop self',
      'withdraw route 192.0.2.53/32 next-hop self',
    ]);
  } finally {
    await other.stop();
    await n.node.dispose();
  }
  t.truthy(health);
});
