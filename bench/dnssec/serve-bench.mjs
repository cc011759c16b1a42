// Serving a signed zone with DO=1: dnsperf against the Shoal answer engine (behind its front end)
// and against PowerDNS 4.7 (bind backend, the zone marked PRESIGNED), both serving the same zone
// file signed by BIND's dnssec-signzone (ECDSAP256SHA256, KSK + ZSK, NSEC or NSEC3). Same query
// mix as bench/authority (A, AAAA, NXDOMAIN, NODATA, CNAME, MX), every query with the DO bit
// (dnsperf -D), so each reply carries RRSIGs and, for negative answers, NSEC/NSEC3 proofs.
// Each server pinned to core 0 and dnsperf to core 1; rounds alternate; medians reported.
//
// Usage: npx tsc -b && node bench/dnssec/serve-bench.mjs [--seconds N] [--rounds N] [--hosts N] [--nsec3]
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import {
  decodeMessage,
  encodeMessage,
  Name,
  recordToText,
  rrTypeFromString,
} from '../../libs/dns-wire/dist/index.js';
import { writeBenchZones } from '../authority/bench-zones.mjs';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    hosts: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '4' },
    outstanding: { type: 'string', default: '100' },
    nsec3: { type: 'boolean', default: false },
  },
});
const PATH = `${process.env.PATH}:/usr/sbin:/sbin`;
const SERVER_CORE = '0';
const CLIENT_CORE = '1';
const PORTS = { shoal: 25311, pdns: 25312 };

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

async function waitForAnswer(port, origin, server, timeoutMs = 120_000) {
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
      const finish = (ok) => {
        clearTimeout(timer);
        socket.close();
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), 200);
      socket.once('message', () => finish(true));
      socket.send(query, port, '127.0.0.1');
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${server.name} did not answer within ${timeoutMs} ms`);
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function dnsperf(server, port, queryFile, seconds, dnssec = true) {
  const cpuBefore = cpuSeconds(server.child.pid);
  const argv = [
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
  ];
  // -D: EDNS with the DO bit (dnsperf 2.10).
  if (dnssec) argv.push('-D');
  const { stdout } = await run('taskset', argv, { maxBuffer: 1 << 20 });
  const cpu = cpuSeconds(server.child.pid) - cpuBefore;
  const number = (pattern) => Number(stdout.match(pattern)?.[1] ?? Number.NaN);
  return {
    qps: number(/Queries per second:\s+([\d.]+)/),
    perCpuSecond: number(/Queries completed:\s+(\d+)/) / cpu,
    latencyMs: number(/Average Latency \(s\):\s+([\d.]+)/) * 1000,
    lostPercent: number(/Queries lost:\s+\d+ \(([\d.]+)%\)/),
    responseBytes: number(/Average packet size:\s+request \d+, response (\d+)/),
  };
}

/** Asks both servers the first `count` queries with DO and lists those whose replies differ. */
async function compareReplies(queryFile, count) {
  const lines = readFileSync(queryFile, 'utf8').split('\n').filter(Boolean).slice(0, count);
  const differing = [];
  for (const line of lines) {
    const [name, type] = line.split(' ');
    const [a, b] = await Promise.all([ask(PORTS.shoal, name, type), ask(PORTS.pdns, name, type)]);
    if (a !== b) differing.push(`${line}\n    shoal: ${a}\n    pdns:  ${b}`);
  }
  return differing;
}

function ask(port, name, type) {
  const query = encodeMessage({
    id: 7,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: false,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [{ name: Name.parse(name), type: rrTypeFromString(type), class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
    edns: { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: true, flags: 0, options: [] },
  });
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve('timeout');
    }, 2000);
    socket.once('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      const m = decodeMessage(reply);
      // Owners compare without case (PowerDNS lowercases NSEC3 owners, we keep the zone's spelling).
      const line = (r) =>
        recordToText(r)
          .split(/\s+/)
          .map((t, i) => (i === 0 ? t.toLowerCase() : t))
          .join(' ');
      const text = (rrs) => rrs.map(line).sort().join(' | ');
      resolve(
        `rcode=${m.rcode} aa=${m.aa} tc=${m.tc} ad=${m.ad} AN[${text(m.answers)}] NS[${text(m.authorities)}] AR[${text(m.additionals)}]`,
      );
    });
    socket.send(query, port, '127.0.0.1');
  });
}

const median = (rounds, field) =>
  [...rounds].map((r) => r[field]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const directory = mkdtempSync(join(tmpdir(), 'shoal-bench-dnssec-'));
try {
  const { zoneDirectory, namedConf, queryFile, origins } = writeBenchZones(directory, {
    zones: 1,
    hosts: Number(args.hosts),
  });
  const origin = origins[0];
  const file = join(zoneDirectory, `${origin.slice(0, -1)}.zone`);
  const keys = join(directory, 'keys');
  execFileSync('mkdir', ['-p', keys]);
  const keygen = ['-K', keys, '-a', 'ECDSAP256SHA256', '-n', 'ZONE', '-q'];
  execFileSync('dnssec-keygen', [...keygen, '-f', 'KSK', origin], { env: { ...process.env, PATH } });
  execFileSync('dnssec-keygen', [...keygen, origin], { env: { ...process.env, PATH } });
  const signArgs = ['-S', '-K', keys, '-d', keys, '-o', origin, '-f', `${file}.signed`, '-x', '-q'];
  if (args.nsec3) signArgs.push('-3', '-', '-H', '0');
  execFileSync('dnssec-signzone', [...signArgs, file], { env: { ...process.env, PATH } });
  execFileSync('mv', [`${file}.signed`, file]);
  // PowerDNS serves a bind-backend zone as signed only when it is marked PRESIGNED (in the bind DNSSEC db).
  const pdnsConf = join(directory, 'pdns.conf');
  const dnssecDb = join(directory, 'bind-dnssec.db');
  writeFileSync(pdnsConf, `launch=bind\nbind-config=${namedConf}\nbind-dnssec-db=${dnssecDb}\n`);
  execFileSync('pdnsutil', [`--config-dir=${directory}`, 'create-bind-db', dnssecDb], {
    env: { ...process.env, PATH },
    stdio: 'pipe',
  });
  execFileSync('pdnsutil', [`--config-dir=${directory}`, 'set-presigned', origin.slice(0, -1)], {
    env: { ...process.env, PATH },
    stdio: 'pipe',
  });
  // A presigned NSEC3 zone also needs its NSEC3PARAM as metadata, or PowerDNS answers with NSEC.
  if (args.nsec3) {
    execFileSync('pdnsutil', [`--config-dir=${directory}`, 'set-nsec3', origin.slice(0, -1), '1 0 0 -'], {
      env: { ...process.env, PATH },
      stdio: 'pipe',
    });
  }

  const shoal = start('shoal', process.execPath, [
    '--max-old-space-size=4096',
    new URL('../authority/shoal-server.mjs', import.meta.url).pathname,
    zoneDirectory,
    String(PORTS.shoal),
  ]);
  const pdns = start('pdns_server', '/usr/sbin/pdns_server', [
    `--config-dir=${directory}`,
    '--daemon=no',
    '--guardian=no',
    '--disable-syslog',
    '--write-pid=no',
    '--loglevel=3',
    `--socket-dir=${directory}`,
    '--local-address=127.0.0.1',
    `--local-port=${PORTS.pdns}`,
    '--security-poll-suffix=',
  ]);
  try {
    await Promise.all([waitForAnswer(PORTS.shoal, origin, shoal), waitForAnswer(PORTS.pdns, origin, pdns)]);
    const records = JSON.parse(
      shoal
        .output()
        .split('\n')
        .find((line) => line.startsWith('{')),
    ).records;
    const differing = await compareReplies(queryFile, 300);
    await dnsperf(shoal, PORTS.shoal, queryFile, 3);
    await dnsperf(pdns, PORTS.pdns, queryFile, 3);
    const rounds = { shoal: [], pdns: [], 'shoal DO=0': [] };
    for (let round = 0; round < Number(args.rounds); round++) {
      rounds.shoal.push(await dnsperf(shoal, PORTS.shoal, queryFile, args.seconds));
      rounds.pdns.push(await dnsperf(pdns, PORTS.pdns, queryFile, args.seconds));
      rounds['shoal DO=0'].push(await dnsperf(shoal, PORTS.shoal, queryFile, args.seconds, false));
    }
    console.log(
      `\none zone signed by dnssec-signzone (${args.nsec3 ? 'NSEC3' : 'NSEC'}), ${fmt(records)} records; queries with DO=1`,
    );
    console.log(
      `replies compared on the first 300 queries of the mix (rcode, flags, sections as sorted text, owners without case): ${differing.length} differ`,
    );
    for (const d of differing.slice(0, 5)) console.log(`  ${d}`);
    console.log('server        QPS (median)  per CPU-second  latency ms  lost %  reply bytes  rounds (QPS)');
    const summary = {};
    for (const [server, list] of Object.entries(rounds)) {
      const r = (summary[server] = {
        qps: median(list, 'qps'),
        perCpuSecond: median(list, 'perCpuSecond'),
        latencyMs: median(list, 'latencyMs'),
        lostPercent: median(list, 'lostPercent'),
        responseBytes: median(list, 'responseBytes'),
      });
      console.log(
        `${server.padEnd(12)} ${fmt(r.qps).padStart(13)} ${fmt(r.perCpuSecond).padStart(15)} ${fmt(r.latencyMs, 3).padStart(11)} ${fmt(r.lostPercent, 2).padStart(7)} ${fmt(r.responseBytes).padStart(12)}  ` +
          list.map((x) => fmt(x.qps)).join(' / '),
      );
    }
    console.log(
      `ratio Shoal/PowerDNS with DO=1: ${fmt(summary.shoal.qps / summary.pdns.qps, 2)} in QPS, ` +
        `${fmt(summary.shoal.perCpuSecond / summary.pdns.perCpuSecond, 2)} per CPU-second`,
    );
    console.log(JSON.stringify({ records, nsec3: args.nsec3, differing: differing.length, summary }));
  } finally {
    await Promise.all([stop(shoal), stop(pdns)]);
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
