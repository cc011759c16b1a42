/**
 * DNS UPDATE (RFC 2136) from BIND's nsupdate, the tool certbot, external-dns and cert-manager
 * speak the same protocol as: signed with a TSIG key the zone's TSIG-ALLOW-DNSUPDATE names,
 * sent to a node, applied by the admin as one ChangeSet, and served by the node when nsupdate
 * returns. Prerequisites that fail, keys that are not allowed and unsigned updates change
 * nothing.
 */
import { spawn } from 'node:child_process';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, dig } from '../harness/index.js';
import {
  type Fleet,
  putTsigKeys,
  settings,
  soaSerialAt,
  startFleet,
  type TestKey,
} from '../integration/transfer-fixture.js';

const ZONE = 'upd.test';
const KEY: TestKey = {
  name: 'acme-key.',
  algorithm: 'hmac-sha256',
  secret: Buffer.from('shoal dns update test secret 0123').toString('base64'),
};
const OTHER: TestKey = { ...KEY, name: 'other-key.' };

const test = anyTest as TestFn<{ fleet: Fleet; second: AdminProcess }>;

test.before(async (t) => {
  const fleet = await startFleet(1);
  // A second admin in the queue group: updates land on either, and race through the stream.
  const second = await AdminProcess.start(fleet.nats.url);
  t.context = { fleet, second };
  await putTsigKeys(fleet.nats.url, [KEY, OTHER]);
  const client = fleet.admin.client();
  await client.createZone({
    name: ZONE,
    settings: settings({ metadata: { 'TSIG-ALLOW-DNSUPDATE': { values: [KEY.name] } } }),
    nameservers: [`ns1.${ZONE}.`],
    rrsets: [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'old', type: 'TXT', ttl: 300, records: ['"keep"', '"drop"'] },
    ],
  });
  await client.createZone({
    name: 'open.test',
    settings: settings({ metadata: { 'ALLOW-DNSUPDATE-FROM': { values: ['127.0.0.0/8'] } } }),
    nameservers: ['ns1.open.test.'],
  });
  await client.createZone({ name: 'closed.test', settings: settings({}), nameservers: ['ns1.closed.test.'] });
});

test.after.always(async (t) => {
  await t.context.second?.dispose();
  await t.context.fleet?.dispose();
});

/** Runs nsupdate with `commands`; its exit code and what it printed. */
async function nsupdate(t: { context: { fleet: Fleet } }, commands: string[], key?: TestKey) {
  const port = t.context.fleet.nodes[0].dnsPort;
  const args = key ? ['-y', `${key.algorithm}:${key.name.replace(/\.$/, '')}:${key.secret}`] : [];
  const script = [`server 127.0.0.1 ${port}`, ...commands, 'send', ''].join('\n');
  const child = spawn('nsupdate', ['-t', '10', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.stdin.end(script);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  clearTimeout(timer);
  return { code, output };
}

async function lookup(t: { context: { fleet: Fleet } }, name: string, type: string): Promise<string[]> {
  const port = t.context.fleet.nodes[0].dnsPort;
  const out = await dig(['@127.0.0.1', '-p', String(port), name, type, '+short', '+norec']);
  return out.trim().split('\n').filter(Boolean).sort();
}

async function streamLast(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    return (await (await jetstreamManager(nc)).streams.info('DNS')).state.last_seq;
  } finally {
    await nc.close();
  }
}

test.serial('a signed add is applied as one ChangeSet and served when nsupdate returns', async (t) => {
  const port = t.context.fleet.nodes[0].dnsPort;
  const before = await soaSerialAt(port, ZONE);
  const r = await nsupdate(
    t,
    [
      `zone ${ZONE}`,
      `update add www.${ZONE} 300 A 192.0.2.10`,
      `update add www.${ZONE} 300 A 192.0.2.11`,
      `update delete old.${ZONE} TXT "drop"`,
    ],
    KEY,
  );
  t.is(r.code, 0, r.output);
  // No waiting: the node answered only once it served the change.
  t.deepEqual(await lookup(t, `www.${ZONE}`, 'A'), ['192.0.2.10', '192.0.2.11']);
  t.deepEqual(await lookup(t, `old.${ZONE}`, 'TXT'), ['"keep"']);
  t.is(await soaSerialAt(port, ZONE), (before ?? 0) + 1, 'one ChangeSet, one serial');
});

test.serial('prerequisites: the update happens only when they hold', async (t) => {
  const last = await streamLast(t.context.fleet.nats.url);
  const yx = await nsupdate(
    t,
    [`zone ${ZONE}`, `prereq nxdomain www.${ZONE}`, `update add new.${ZONE} 300 A 192.0.2.20`],
    KEY,
  );
  t.not(yx.code, 0);
  t.regex(yx.output, /YXDOMAIN/);
  const nx = await nsupdate(
    t,
    [`zone ${ZONE}`, `prereq yxrrset www.${ZONE} AAAA`, `update add new.${ZONE} 300 A 192.0.2.20`],
    KEY,
  );
  t.regex(nx.output, /NXRRSET/);
  t.is(await streamLast(t.context.fleet.nats.url), last, 'nothing written');
  t.deepEqual(await lookup(t, `new.${ZONE}`, 'A'), []);
  const ok = await nsupdate(
    t,
    [
      `zone ${ZONE}`,
      `prereq yxrrset www.${ZONE} A 192.0.2.10`,
      `prereq yxrrset www.${ZONE} A 192.0.2.11`,
      `prereq nxdomain new.${ZONE}`,
      `update add new.${ZONE} 300 A 192.0.2.20`,
    ],
    KEY,
  );
  t.is(ok.code, 0, ok.output);
  t.deepEqual(await lookup(t, `new.${ZONE}`, 'A'), ['192.0.2.20']);
  // Deleting a name takes every RRset there; the apex keeps its SOA and NS.
  const del = await nsupdate(t, [`zone ${ZONE}`, `update delete www.${ZONE}`, `update delete ${ZONE}`], KEY);
  t.is(del.code, 0, del.output);
  t.deepEqual(await lookup(t, `www.${ZONE}`, 'A'), []);
  t.deepEqual(await lookup(t, ZONE, 'NS'), [`ns1.${ZONE}.`]);
});

test.serial(
  'who may update: the named key only; by address where the zone says so; else REFUSED',
  async (t) => {
    const last = await streamLast(t.context.fleet.nats.url);
    const unsigned = await nsupdate(t, [`zone ${ZONE}`, `update add x.${ZONE} 300 A 192.0.2.30`]);
    t.regex(unsigned.output, /REFUSED/);
    const other = await nsupdate(t, [`zone ${ZONE}`, `update add x.${ZONE} 300 A 192.0.2.30`], OTHER);
    t.regex(other.output, /REFUSED/);
    const wrong = await nsupdate(t, [`zone ${ZONE}`, `update add x.${ZONE} 300 A 192.0.2.30`], {
      ...KEY,
      secret: Buffer.from('not the secret at all 0123456789').toString('base64'),
    });
    t.not(wrong.code, 0, 'a bad signature fails');
    const closed = await nsupdate(t, ['zone closed.test', 'update add x.closed.test 300 A 192.0.2.30'], KEY);
    t.regex(closed.output, /REFUSED/);
    const elsewhere = await nsupdate(
      t,
      ['zone nowhere.test', 'update add x.nowhere.test 300 A 192.0.2.30'],
      KEY,
    );
    t.regex(elsewhere.output, /NOTAUTH/);
    t.is(await streamLast(t.context.fleet.nats.url), last, 'nothing written');
    const open = await nsupdate(t, ['zone open.test', 'update add x.open.test 300 A 192.0.2.30']);
    t.is(open.code, 0, open.output);
    t.deepEqual(await lookup(t, 'x.open.test', 'A'), ['192.0.2.30']);
  },
);

test.serial(
  'racing updates with the same prerequisite: exactly one wins each race (RFC 2136 §3.7)',
  async (t) => {
    for (let race = 0; race < 8; race++) {
      const name = `race${race}.${ZONE}`;
      const results = await Promise.all(
        [10, 11, 12].map((octet) =>
          nsupdate(
            t,
            [`zone ${ZONE}`, `prereq nxdomain ${name}`, `update add ${name} 300 A 192.0.2.${octet}`],
            KEY,
          ),
        ),
      );
      const won = results.filter((r) => r.code === 0);
      t.is(won.length, 1, `race ${race}: ${results.map((r) => r.output.trim() || 'ok').join(' | ')}`);
      t.true(results.filter((r) => r.code !== 0).every((r) => /YXDOMAIN/.test(r.output)));
      t.is((await lookup(t, name, 'A')).length, 1);
    }
  },
);
