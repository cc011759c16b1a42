// dnsperf against the Shoal answer engine (behind its front end) and against PowerDNS 4.7 (bind backend),
// same zones, same query mix, in one run: each server pinned to core 0, dnsperf to core 1.
// Rounds alternate between the servers so that background load hits both alike; the median round counts.
// Shoal runs twice: with its default batched UDP I/O (recvmmsg/sendmmsg, libs/batched-udp) and with
// Node's dgram sockets, to show what the batching is worth.
// Each round also reads the server's CPU time (all threads, user + system) to give queries per CPU-second:
// what one core would sustain, a figure that holds even when other work takes part of that core.
//
// Usage: npx tsc -b libs/authority services/node && node bench/authority/bench.mjs [options]
//   --seconds N    length of each measured round (default 10)
//   --rounds N     measured rounds per server (default 3)
//   --scenario S   one-zone | 10k-zones | all (default all)
//   --clients N    dnsperf -c (default 4)     --outstanding N   dnsperf -q (default 100)
//   --cookies      every query carries a client cookie (dnsperf -E); Shoal answers each with an RFC 9018
//                  server cookie, as a node does by default; pdns_server (no edns-cookie-secret) ignores it
import { execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { writeBenchZones } from './bench-zones.mjs';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    scenario: { type: 'string', default: 'all' },
    clients: { type: 'string', default: '4' },
    outstanding: { type: 'string', default: '100' },
    cookies: { type: 'boolean', default: false },
  },
});

const SCENARIOS = [
  { name: 'one-zone', zones: 1, hosts: 2000 },
  { name: '10k-zones', zones: 10_000, hosts: 40 },
];
const SERVER_CORE = '0';
const CLIENT_CORE = '1';
const PORTS = { shoal: 25301, pdns: 25302, 'shoal-dgram': 25303 };
const SERVERS = ['shoal', 'shoal-dgram', 'pdns'];

function start(name, command, argv) {
  const child = spawn('taskset', ['-c', SERVER_CORE, command, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { name, child, output: () => output };
}

function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
    setTimeout(() => server.child.kill('SIGKILL'), 5000).unref();
  });
}

/** Resolves once `port` answers a query for the SOA of `origin` (any reply will do). */
async function waitForAnswer(port, origin, server, timeoutMs = 300_000) {
  const name = Buffer.concat([
    ...origin
      .split('.')
      .filter(Boolean)
      .map((l) => Buffer.from([l.length, ...Buffer.from(l)])),
    Buffer.from([0]),
  ]);
  const query = Buffer.concat([
    Buffer.from([0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
    name,
    Buffer.from([0, 6, 0, 1]),
  ]);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited:\n${server.output()}`);
    const answered = await new Promise((resolve) => {
      const socket = createSocket('udp4');
      const finish = (answered) => {
        clearTimeout(timer);
        socket.close();
        resolve(answered);
      };
      const timer = setTimeout(() => finish(false), 200);
      socket.once('message', () => finish(true));
      socket.send(query, port, '127.0.0.1');
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} did not answer within ${timeoutMs} ms`);
}

/** CPU seconds used so far by a process, all its threads, user and system (proc(5): fields 14 and 15). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function dnsperf(server, port, queryFile, seconds) {
  const cpuBefore = cpuSeconds(server.child.pid);
  const { stdout } = await run(
    'taskset',
    [
      '-c',
      CLIENT_CORE,
      'dnsperf',
      '-s',
      '127.0.0.1',
      '-p',
      String(port),
      '-d',
      queryFile,
      '-l',
      String(seconds),
      '-c',
      args.clients,
      '-q',
      args.outstanding,
      '-T',
      '1',
      ...(args.cookies ? ['-E', '10:0123456789abcdef'] : []),
    ],
    { maxBuffer: 1 << 20 },
  );
  const cpu = cpuSeconds(server.child.pid) - cpuBefore;
  const number = (pattern) => Number(stdout.match(pattern)?.[1] ?? Number.NaN);
  return {
    qps: number(/Queries per second:\s+([\d.]+)/),
    perCpuSecond: number(/Queries completed:\s+(\d+)/) / cpu,
    latencyMs: number(/Average Latency \(s\):\s+([\d.]+)/) * 1000,
    stddevMs: number(/Latency StdDev \(s\):\s+([\d.]+)/) * 1000,
    lostPercent: number(/Queries lost:\s+\d+ \(([\d.]+)%\)/),
  };
}

const median = (rounds, field) =>
  [...rounds].map((r) => r[field]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];

async function scenario({ name, zones, hosts }) {
  const directory = mkdtempSync(join(tmpdir(), `shoal-bench-${name}-`));
  try {
    const { zoneDirectory, namedConf, queryFile, origins } = writeBenchZones(directory, { zones, hosts });
    const shoalServer = (name, udpIo) =>
      start(name, process.execPath, [
        '--expose-gc',
        '--max-old-space-size=4096',
        new URL('./shoal-server.mjs', import.meta.url).pathname,
        zoneDirectory,
        String(PORTS[name]),
        udpIo,
        ...(args.cookies ? ['cookies'] : []),
      ]);
    const shoal = shoalServer('shoal', 'batched');
    const shoalDgram = shoalServer('shoal-dgram', 'dgram');
    const pdns = start('pdns_server', '/usr/sbin/pdns_server', [
      '--no-config',
      '--daemon=no',
      '--guardian=no',
      '--disable-syslog',
      '--write-pid=no',
      '--loglevel=3',
      `--socket-dir=${directory}`,
      '--local-address=127.0.0.1',
      `--local-port=${PORTS.pdns}`,
      '--launch=bind',
      `--bind-config=${namedConf}`,
      '--security-poll-suffix=',
    ]);
    try {
      const last = origins[origins.length - 1];
      const servers = { shoal, 'shoal-dgram': shoalDgram, pdns };
      await Promise.all(SERVERS.map((key) => waitForAnswer(PORTS[key], last, servers[key])));
      const heap = JSON.parse(
        shoal
          .output()
          .split('\n')
          .find((line) => line.startsWith('{')),
      );
      // Warm every packet cache on the whole query file.
      for (const key of SERVERS) await dnsperf(servers[key], PORTS[key], queryFile, 3);
      const rounds = Object.fromEntries(SERVERS.map((key) => [key, []]));
      for (let round = 0; round < Number(args.rounds); round++) {
        for (const key of SERVERS)
          rounds[key].push(await dnsperf(servers[key], PORTS[key], queryFile, args.seconds));
      }
      return { name, records: heap.records, zones, heap, rounds };
    } finally {
      await Promise.all([stop(shoal), stop(shoalDgram), stop(pdns)]);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const chosen = SCENARIOS.filter((s) => args.scenario === 'all' || s.name === args.scenario);
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
for (const s of chosen) {
  const result = await scenario(s);
  const mb = (bytes) => `${fmt(bytes / 2 ** 20)} MiB`;
  console.log(
    `\n${result.name}: ${fmt(result.zones)} zones, ${fmt(result.records)} records; ` +
      `Shoal heap ${mb(result.heap.heapUsed)}, RSS ${mb(result.heap.rss)}, loaded in ${fmt(result.heap.loadMs)} ms`,
  );
  console.log('server      QPS (median)  per CPU-second  latency ms  stddev ms  lost %  rounds (QPS)');
  const summary = {};
  for (const server of SERVERS) {
    const rounds = result.rounds[server];
    const r = (summary[server] = {
      qps: median(rounds, 'qps'),
      perCpuSecond: median(rounds, 'perCpuSecond'),
      latencyMs: median(rounds, 'latencyMs'),
      stddevMs: median(rounds, 'stddevMs'),
      lostPercent: median(rounds, 'lostPercent'),
    });
    console.log(
      `${server.padEnd(11)}${fmt(r.qps).padStart(13)} ${fmt(r.perCpuSecond).padStart(15)} ` +
        `${fmt(r.latencyMs, 3).padStart(11)} ${fmt(r.stddevMs, 3).padStart(10)} ${fmt(r.lostPercent, 2).padStart(7)}  ` +
        rounds.map((x) => fmt(x.qps)).join(' / '),
    );
  }
  for (const key of ['shoal', 'shoal-dgram']) {
    console.log(
      `ratio ${key}/pdns: ${fmt(summary[key].qps / summary.pdns.qps, 2)} in QPS, ` +
        `${fmt(summary[key].perCpuSecond / summary.pdns.perCpuSecond, 2)} per CPU-second`,
    );
  }
}
