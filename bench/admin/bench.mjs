// Sustained write throughput of the admin: through gRPC (single-record changes and 1,000-record
// batches) and through the PowerDNS-compatible HTTP API (the same two shapes). Every write is
// validated, appended to JetStream and applied to the admin's projection before it is answered
// (read-your-writes), exactly as in production.
//
// Usage: npx tsc -b && node bench/admin/bench.mjs [seconds-per-case] [concurrency]
// Starts its own nats-server (from PATH) and admin in temporary directories.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ChangeType, ZoneAdminServiceClient } from '../../libs/admin-api/dist/index.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const TOKEN = 'bench-admin-token-0123456789';
const KEY = 'bench-pdns-key-0123456789';
const root = new URL('../../', import.meta.url).pathname;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function start(name, cmd, args, env, ready) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b) => {
      out += b;
      const m = out.match(ready);
      if (m) resolve({ child, match: m });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited ${code}:\n${out}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'shoal-bench-admin-'));
const natsPort = await freePort();
writeFileSync(
  join(dir, 'nats.conf'),
  `listen: 127.0.0.1:${natsPort}\njetstream { store_dir: "${join(dir, 'js')}" }\n`,
);
const nats = await start('nats-server', 'nats-server', ['-c', join(dir, 'nats.conf')], {}, /Server is ready/);
const admin = await start(
  'admin',
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    join(root, 'services/admin/dist/main.js'),
  ],
  {
    SHOAL_NATS_URL: `nats://127.0.0.1:${natsPort}`,
    SHOAL_ADMIN_GRPC_LISTEN: '127.0.0.1:0',
    SHOAL_ADMIN_DATA_DIR: join(dir, 'admin'),
    SHOAL_ADMIN_TOKEN: TOKEN,
    SHOAL_PDNS_API_KEY: KEY,
    SHOAL_PDNS_API_LISTEN: '127.0.0.1:0',
    SHOAL_LOG_LEVEL: 'error',
  },
  /grpc=(\S+) pdns-api=(\S+)/,
);
const [, grpcAddress, pdnsAddress] = admin.match;
const client = new ZoneAdminServiceClient(grpcAddress, grpc.credentials.createInsecure(), {
  'grpc.max_send_message_length': 64 * 1024 * 1024,
});
const md = new grpc.Metadata();
md.set('authorization', `Bearer ${TOKEN}`);
const unary = (method, req) =>
  new Promise((resolve, reject) =>
    client[method](req, md, { deadline: Date.now() + 60_000 }, (e, r) => (e ? reject(e) : resolve(r))),
  );

const ZONES = CONCURRENCY;
for (let z = 0; z < ZONES; z++) {
  await unary('createZone', {
    name: `z${z}.bench`,
    nameservers: [`ns1.z${z}.bench`],
    rrsets: [],
    options: { requestId: '', reason: '' },
  });
}

/** Runs `worker(zoneIndex, n)` from CONCURRENCY loops (one zone each) for SECONDS; returns writes and record changes. */
async function sustained(worker) {
  const deadline = performance.now() + SECONDS * 1000;
  let writes = 0;
  let records = 0;
  const latencies = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, z) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t0 = performance.now();
        const changed = await worker(z % ZONES, n);
        records += changed;
        latencies.push(performance.now() - t0);
        writes++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  return { writes, records, seconds: SECONDS, p50: p(0.5), p99: p(0.99) };
}

let round = 0;
const cases = {
  'gRPC ReplaceRRset, 1 record': () =>
    sustained(async (z, n) => {
      await unary('replaceRRset', {
        zone: `z${z}.bench`,
        rrset: {
          name: `s${round}-${n}`,
          type: 'A',
          ttl: 300,
          records: [`10.0.${(n >> 8) & 255}.${n & 255}`],
        },
        options: { requestId: '', reason: '' },
      });
      return 1;
    }),
  'gRPC PatchRRsets, 1,000 records': () =>
    sustained(async (z, n) => {
      const changes = Array.from({ length: 1000 }, (_, i) => ({
        changeType: ChangeType.CHANGE_TYPE_REPLACE,
        rrset: {
          name: `b${round}-${n}-${i}`,
          type: 'A',
          ttl: 300,
          records: [`10.1.${(i >> 8) & 255}.${i & 255}`],
        },
        replaceComments: false,
        keepRecords: false,
        comments: [],
      }));
      await unary('patchRRsets', { zone: `z${z}.bench`, changes, options: { requestId: '', reason: '' } });
      return 1000;
    }),
  'HTTP PATCH, 1 record': () =>
    sustained(async (z, n) => {
      await pdnsPatch(z, [rrset(`h${round}-${n}`, `10.2.${(n >> 8) & 255}.${n & 255}`)]);
      return 1;
    }),
  'HTTP PATCH, 1,000 records': () =>
    sustained(async (z, n) => {
      await pdnsPatch(
        z,
        Array.from({ length: 1000 }, (_, i) =>
          rrset(`hb${round}-${n}-${i}`, `10.3.${(i >> 8) & 255}.${i & 255}`),
        ),
      );
      return 1000;
    }),
};

function rrset(name, address) {
  return {
    name: `${name}.ZONE.`,
    type: 'A',
    ttl: 300,
    changetype: 'REPLACE',
    records: [{ content: address, disabled: false }],
  };
}

async function pdnsPatch(z, rrsets) {
  const zone = `z${z}.bench`;
  const body = JSON.stringify({ rrsets: rrsets.map((r) => ({ ...r, name: r.name.replace('ZONE', zone) })) });
  const res = await fetch(`http://${pdnsAddress}/api/v1/servers/localhost/zones/${zone}.`, {
    method: 'PATCH',
    headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 204) throw new Error(`PATCH ${res.status}`);
}

console.log(
  `admin write throughput: ${SECONDS} s per case, ${CONCURRENCY} concurrent writers on ${ZONES} zones`,
);
console.log('case                              writes/s   record changes/s   p50 ms   p99 ms');
const only = process.env.BENCH_CASES?.split(',');
for (const [name, run] of Object.entries(cases)) {
  if (only && !only.some((o) => name.includes(o))) continue;
  round++;
  const r = await run();
  console.log(
    `${name.padEnd(32)} ${(r.writes / r.seconds).toFixed(0).padStart(9)}   ${(r.records / r.seconds).toFixed(0).padStart(16)}   ${r.p50.padStart(6)}   ${r.p99.padStart(6)}`,
  );
}

client.close();
admin.child.kill('SIGTERM');
await new Promise((r) => admin.child.once('exit', r));
nats.child.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 300));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
