/**
 * /readyz is what announces a node's anycast route: it must fail when the node cannot know it
 * is current (NATS gone, far behind) or is going away, and recover by itself.
 */
import anyTest, { type TestFn } from 'ava';
import { loadSyntheticHistory, NatsServer, query, waitFor } from '../harness/index.js';
import { get, logLines, startWebNode } from './ops-support.js';

const test = anyTest as TestFn<{ nats: NatsServer }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 2, zonePrefix: 'ready' });
  t.context = { nats };
});

test.after.always(async (t) => {
  await t.context.nats?.dispose();
});

const readyz = async (web: string) => {
  const r = await get(`${web}/readyz`);
  return { status: r.status, body: r.json<{ ready: boolean; reasons: string[] }>() };
};

test.serial(
  'NATS down: not ready after the configured grace, serving all the same; back when NATS returns',
  async (t) => {
    const { nats } = t.context;
    const { node, web } = await startWebNode(nats.url, {
      nodeId: 'ready-1',
      env: { SHOAL_READY_MAX_DISCONNECTED_SECONDS: '1' },
    });
    try {
      await waitFor('ready', async () => (await readyz(web)).status === 200);
      await nats.stop();
      const down = await waitFor(
        'not ready',
        async () => {
          const r = await readyz(web);
          return r.status === 503 ? r : undefined;
        },
        10_000,
        100,
      );
      t.false(down.body.ready);
      t.true(
        down.body.reasons.some((r) => /NATS unreachable for [\d.]+ s \(limit 1 s\)/.test(r)),
        down.body.reasons.join('; '),
      );
      t.is(
        (await query('ready0.test', 'SOA', { port: node.dnsPort })).answers.length,
        1,
        'answers from its store meanwhile',
      );
      await nats.restart();
      await waitFor('ready again', async () => (await readyz(web)).status === 200, 20_000, 100);
      t.pass();
    } finally {
      await node.dispose();
    }
  },
);

test.serial('a node catching up on a long history is not ready until it has caught up', async (t) => {
  const { nats } = t.context;
  await loadSyntheticHistory(nats.url, { zones: 10, changesPerZone: 300, zonePrefix: 'bulk' });
  const { node, web } = await startWebNode(nats.url, {
    nodeId: 'ready-2',
    env: { SHOAL_READY_MAX_LAG_EVENTS: '0', SHOAL_CHECKPOINT_BOOTSTRAP: 'false' },
  });
  try {
    const seen = new Set<string>();
    await waitFor(
      'caught up and ready',
      async () => {
        const r = await readyz(web);
        for (const reason of r.body.reasons) seen.add(reason.replace(/[\d.]+/g, 'N'));
        return r.status === 200;
      },
      60_000,
      20,
    );
    t.true(
      [...seen].some((r) => /events behind|position not known/.test(r)),
      `reasons seen before ready: ${[...seen].join('; ')}`,
    );
  } finally {
    await node.dispose();
  }
});

test.serial(
  'on SIGTERM the node fails readyz first, keeps answering through the drain, then exits cleanly',
  async (t) => {
    const { nats } = t.context;
    const { node, web } = await startWebNode(nats.url, {
      nodeId: 'ready-3',
      env: { SHOAL_DRAIN_SECONDS: '1.5' },
    });
    try {
      await waitFor('ready', async () => (await readyz(web)).status === 200);
      const started = Date.now();
      node.process.child.kill('SIGTERM');
      const draining = await waitFor(
        'draining',
        async () => {
          const r = await readyz(web);
          return r.status === 503 ? r : undefined;
        },
        5000,
        20,
      );
      t.deepEqual(draining.body.reasons, ['shutting down']);
      t.is(
        (await query('ready0.test', 'SOA', { port: node.dnsPort })).answers.length,
        1,
        'still answering while draining',
      );
      t.is(await node.process.waitExit(), 0);
      const took = Date.now() - started;
      t.true(took >= 1500 && took < 6000, `exit after ${took} ms`);
      t.truthy(logLines(node.process).find((l) => l.msg === 'stopped'));
    } finally {
      await node.dispose();
    }
  },
);
