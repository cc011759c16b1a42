/**
 * Runtime control: the settings that can change without a restart change on POST
 * /api/v1/reload, on SIGHUP and on a NATS control request; a broken file changes nothing;
 * settings that need a restart are named, not half-applied.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import {
  dig,
  freePort,
  loadSyntheticHistory,
  type ManagedProcess,
  NatsServer,
  query,
  tempDir,
  waitFor,
} from '../harness/index.js';
import { get, logLines, startConfiguredNode } from './ops-support.js';

const KEY_1 = 'first-web-key-0123456789';
const KEY_2 = 'second-web-key-0123456789';

interface Ctx {
  nats: NatsServer;
  dir: string;
  file: string;
  dnsPort: number;
  node: { process: ManagedProcess; web: string; dnsPort: number };
  write(extra: string, dns?: { nsid?: string; port?: number }): void;
}
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const dir = tempDir('reload');
  const file = join(dir, 'node.yaml');
  const dnsPort = await freePort();
  const write = (extra: string, dns: { nsid?: string; port?: number } = {}) =>
    writeFileSync(
      file,
      [
        'node_id: reload-1',
        `nats: { servers: ["${nats.url}"] }`,
        `data_directory: ${join(dir, 'data')}`,
        `dns: { listen: ["127.0.0.1:${dns.port ?? dnsPort}"]${dns.nsid ? `, nsid: ${dns.nsid}` : ''} }`,
        extra,
      ].join('\n'),
    );
  write(`web: { listen: "127.0.0.1:0", api_key: ${KEY_1} }\nlog_level: info`);
  const node = await startConfiguredNode(file);
  await loadSyntheticHistory(nats.url, { zones: 1, changesPerZone: 0, zonePrefix: 'reload' });
  await waitFor(
    'zone served',
    async () => (await query('reload0.test', 'SOA', { port: dnsPort })).answers.length === 1,
  );
  t.context = { nats, dir, file, dnsPort, node, write };
});

test.after.always(async (t) => {
  await t.context.node?.process.stop();
  await t.context.nats?.dispose();
  if (t.context.dir) rmSync(t.context.dir, { recursive: true, force: true });
});

const queryLogs = (p: ManagedProcess) => logLines(p).filter((l) => l.log === 'query');

test.serial('POST /api/v1/reload applies log level, query log, API key and NSID', async (t) => {
  const { node, write, dnsPort } = t.context;
  await query('reload0.test', 'SOA', { port: dnsPort });
  t.is(queryLogs(node.process).length, 0, 'query logging is off by default');
  write(
    `web: { listen: "127.0.0.1:0", api_key: ${KEY_2} }\nlog_level: debug\nquery_log: { enabled: true, sample_rate: 1 }`,
    {
      nsid: 'reloaded-1',
    },
  );
  const refused = await get(`${node.web}/api/v1/reload`, KEY_1, {
    method: 'POST',
    headers: { origin: 'http://evil.example' },
  });
  t.is(refused.status, 403, 'a cross-origin POST is refused');
  const r = await get(`${node.web}/api/v1/reload`, KEY_1, { method: 'POST' });
  t.is(r.status, 200);
  t.deepEqual(r.json(), {
    ok: true,
    changed: ['logLevel', 'queryLog', 'webApiKey', 'nsid'],
    need_restart: [],
  });
  t.is((await get(`${node.web}/metrics`, KEY_1)).status, 401, 'the old key is gone');
  t.is((await get(`${node.web}/metrics`, KEY_2)).status, 200);
  await query('Reload0.TEST', 'MX', { port: dnsPort });
  const logged = await waitFor('query logged', () =>
    queryLogs(node.process).find((l) => l.qname === 'reload0.test.'),
  );
  t.like(logged, { qtype: 'MX', rcode: 'NOERROR', transport: 'udp', client: '127.0.0.1', level: 30 });
  const nsid = await dig(['@127.0.0.1', '-p', String(dnsPort), '+nsid', '+norec', 'reload0.test', 'SOA']);
  t.regex(nsid, /NSID: .*\("reloaded-1"\)/);
  t.like(
    logLines(node.process).find((l) => l.msg === 'configuration reloaded'),
    { via: 'http', need_restart: [] },
  );
});

test.serial('SIGHUP reloads too; a file that does not validate changes nothing', async (t) => {
  const { node, write, dnsPort } = t.context;
  write(`web: { listen: "127.0.0.1:0", api_key: ${KEY_2} }\nlog_level: info\nquery_log: { enabled: false }`);
  node.process.child.kill('SIGHUP');
  await waitFor('SIGHUP reload', () =>
    logLines(node.process).some((l) => l.msg === 'configuration reloaded' && l.via === 'SIGHUP'),
  );
  const before = queryLogs(node.process).length;
  await query('reload0.test', 'SOA', { port: dnsPort });
  await new Promise((r) => setTimeout(r, 200));
  t.is(queryLogs(node.process).length, before, 'query logging is off again');

  write(`web: { listen: "127.0.0.1:0", api_key: ${KEY_2} }\nquery_log: { enabled: true, sample_rate: 7 }`);
  const bad = await get(`${node.web}/api/v1/reload`, KEY_2, { method: 'POST' });
  t.is(bad.status, 200);
  t.like(bad.json(), { ok: false, changed: [] });
  t.regex(bad.json<{ error: string }>().error, /query_log.sample_rate: 7 must be in \(0, 1\]/);
  await query('reload0.test', 'SOA', { port: dnsPort });
  await new Promise((r) => setTimeout(r, 200));
  t.is(queryLogs(node.process).length, before, 'still off');
});

test.serial('a NATS control request reloads, and settings that need a restart are named', async (t) => {
  const { write, dnsPort } = t.context;
  write(`web: { listen: "127.0.0.1:0", api_key: ${KEY_2} }\nregion: elsewhere`, { port: 1 });
  const nc = await connect({ servers: t.context.nats.url });
  try {
    const reply = await nc.request('dns.control.node.reload-1.reload', '', { timeout: 5000 });
    const body = reply.json<{ node: string; ok: boolean; result: { ok: boolean; need_restart: string[] } }>();
    t.is(body.node, 'reload-1');
    t.true(body.ok);
    t.deepEqual(body.result.need_restart, ['region', 'dns.listen']);
  } finally {
    await nc.close();
  }
  t.is(
    (await query('reload0.test', 'SOA', { port: dnsPort })).answers.length,
    1,
    'still serving on the old address',
  );
});
