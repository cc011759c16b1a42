// Zone-transfer benchmark: the fleet beside PowerDNS, both feeding one BIND secondary.
//  1. propagation: from the acknowledgement of a write until the BIND secondary answers with
//     the new data (median of N changes each): Shoal = gRPC ReplaceRRset ack -> bridge NOTIFY ->
//     node IXFR; PowerDNS = HTTP API PATCH ack -> API notify -> pdns IXFR/AXFR (gsqlite3 backend).
//  2. AXFR of a 100,000-record zone (dig, wall time, median of R runs) from a node and from pdns.
// Usage: npx tsc -b && node bench/transfer/bench.mjs [changes=12] [records=100000] [runs=5]
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  Name,
  RRClass,
  RRType,
  rdataFromText,
  soaSerial,
  withSoaSerial,
} from '../../libs/dns-wire/dist/index.js';
import { appendEvent } from '../../libs/event-store/dist/index.js';
import { encodeEvent, ZoneSettings, zoneSubject } from '../../libs/events/dist/index.js';
import {
  buildQuery,
  freePort,
  ManagedProcess,
  REPO_ROOT,
  tempDir,
  udpExchange,
  waitFor,
} from '../../test/dist/harness/index.js';
import {
  BridgeProcess,
  settings,
  startFleet,
  waitForSerial,
} from '../../test/dist/integration/transfer-fixture.js';
import { BindServer, PDNS } from '../../test/dist/interop/legacy-servers.js';

const run = promisify(execFile);
const CHANGES = Number(process.argv[2] ?? 12);
const RECORDS = Number(process.argv[3] ?? 100_000);
const RUNS = Number(process.argv[4] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const API_KEY = 'bench-api-key';

/** PowerDNS with the gsqlite3 backend, primary for its zones, NOTIFYing the BIND secondary. */
async function startPdns(bindPort) {
  const dir = tempDir('pdns-bench');
  const db = join(dir, 'pdns.sqlite3');
  await run('sh', ['-c', `sqlite3 ${db} < /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql`]);
  const port = await freePort();
  const web = await freePort();
  writeFileSync(
    join(dir, 'pdns.conf'),
    [
      'launch=gsqlite3',
      `gsqlite3-database=${db}`,
      `socket-dir=${dir}`,
      'local-address=127.0.0.1',
      `local-port=${port}`,
      'primary=yes',
      `also-notify=127.0.0.1:${bindPort}`,
      'allow-axfr-ips=127.0.0.0/8',
      'api=yes',
      `api-key=${API_KEY}`,
      'webserver=yes',
      'webserver-address=127.0.0.1',
      `webserver-port=${web}`,
      'webserver-allow-from=127.0.0.0/8',
      'security-poll-suffix=',
      'xfr-cycle-interval=1',
      'loglevel=3',
      '',
    ].join('\n'),
  );
  const proc = new ManagedProcess('pdns_server', PDNS, [
    `--config-dir=${dir}`,
    '--daemon=no',
    '--guardian=no',
    '--disable-syslog',
    '--write-pid=no',
  ]);
  await waitFor(
    'pdns_server',
    async () => {
      if (!proc.running) throw new Error(`pdns_server exited:\n${proc.log}`);
      return udpExchange(buildQuery('invalid', 'SOA'), port, '127.0.0.1', 200);
    },
    20_000,
  );
  const api = async (method, path, body) => {
    const res = await fetch(`http://127.0.0.1:${web}/api/v1/servers/localhost${path}`, {
      method,
      headers: { 'X-API-Key': API_KEY, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return { dir, port, proc, api };
}

async function answered(port, name) {
  const reply = await udpExchange(buildQuery(name, 'A'), port, '127.0.0.1', 500);
  return reply !== undefined && ((reply[6] << 8) | reply[7]) > 0;
}

async function timeUntilAnswer(port, name, from) {
  for (;;) {
    if (await answered(port, name)) return performance.now() - from;
    if (performance.now() - from > 30_000) throw new Error(`${name} never showed up`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** The 100k zone into the stream as events (the admin's gRPC is per RRset). */
async function loadBigZoneIntoStream(natsUrl, zone, count) {
  const nc = await connect({ servers: natsUrl });
  const js = jetstream(nc);
  const origin = Name.parse(`${zone}.`);
  const subject = zoneSubject(origin.labels);
  const rec = (owner, type, ttl, rdata) => ({ owner: owner.toWire(), type, class: RRClass.IN, ttl, rdata });
  let soa = rdataFromText(RRType.SOA, `ns1.${zone}. hostmaster.${zone}. 1 3600 600 604800 300`, origin);
  let last = (
    await appendEvent(
      js,
      subject,
      encodeEvent({
        zone: `${zone}.`,
        body: {
          $case: 'zoneCreated',
          zoneCreated: {
            settings: ZoneSettings.fromPartial({ kind: 2, serialPolicy: 1, transferAcl: ['127.0.0.1'] }),
            records: [
              rec(origin, RRType.SOA, 3600, soa),
              rec(origin, RRType.NS, 3600, rdataFromText(RRType.NS, `ns1.${zone}.`, origin)),
            ],
          },
        },
      }),
      { expectedLastSubjectSequence: 0 },
    )
  ).sequence;
  for (let start = 0; start < count; start += 10_000) {
    const from = soaSerial(soa);
    const next = withSoaSerial(soa, from + 1);
    const added = [rec(origin, RRType.SOA, 3600, next)];
    for (let i = start; i < Math.min(count, start + 10_000); i++) {
      added.push(
        rec(
          Name.parse(`h${i}.${zone}.`),
          RRType.A,
          300,
          Uint8Array.of(10, (i >> 16) & 255, (i >> 8) & 255, i & 255),
        ),
      );
    }
    const changeSet = {
      fromSerial: from,
      toSerial: from + 1,
      removed: [rec(origin, RRType.SOA, 3600, soa)],
      added,
    };
    last = (
      await appendEvent(
        js,
        subject,
        encodeEvent({ zone: `${zone}.`, body: { $case: 'changeSet', changeSet } }),
        {
          expectedLastSubjectSequence: last,
        },
      )
    ).sequence;
    soa = next;
  }
  await nc.close();
  return soaSerial(soa);
}

async function timeAxfr(port, zone) {
  const started = performance.now();
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), zone, 'AXFR', '+noall', '+answer'], {
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  return { ms, lines: stdout.split('\n').filter((l) => l.trim() !== '').length };
}

async function main() {
  const fleet = await startFleet(1);
  const bindPort = await freePort();
  const bridge = await BridgeProcess.start(fleet.nats.url, { env: { SHOAL_LOG_LEVEL: 'warn' } });
  const pdns = await startPdns(bindPort);
  const node = fleet.nodes[0];
  const client = fleet.admin.client();
  const results = { changes: CHANGES, records: RECORDS, runs: RUNS };
  try {
    await client.createZone({
      name: 'ours.bench',
      settings: settings({ transferAcl: ['127.0.0.1'], alsoNotify: [`127.0.0.1:${bindPort}`] }),
      nameservers: ['ns1.ours.bench.'],
    });
    await pdns.api('POST', '/zones', {
      name: 'pdns.bench.',
      kind: 'Master',
      nameservers: ['ns1.pdns.bench.'],
      soa_edit_api: 'INCREASE',
    });
    await waitForSerial(node.dnsPort, 'ours.bench', 1);
    const bind = await BindServer.start({
      port: bindPort,
      secondaries: [
        { name: 'ours.bench', primaryPort: node.dnsPort },
        { name: 'pdns.bench', primaryPort: pdns.port },
      ],
    });
    try {
      await waitFor(
        'BIND loaded both zones',
        async () =>
          (await udpExchange(buildQuery('ours.bench', 'SOA'), bindPort)) &&
          (await udpExchange(buildQuery('pdns.bench', 'SOA'), bindPort)),
        20_000,
      );
      await new Promise((r) => setTimeout(r, 1000));
      const ours = [];
      const theirs = [];
      for (let i = 0; i < CHANGES; i++) {
        await client.replaceRRset({
          zone: 'ours.bench',
          rrset: { name: `c${i}`, type: 'A', ttl: 60, records: [`192.0.2.${i % 250}`] },
        });
        let t0 = performance.now();
        ours.push(await timeUntilAnswer(bindPort, `c${i}.ours.bench`, t0));
        await pdns.api('PATCH', '/zones/pdns.bench.', {
          rrsets: [
            {
              name: `c${i}.pdns.bench.`,
              type: 'A',
              ttl: 60,
              changetype: 'REPLACE',
              records: [{ content: `192.0.2.${i % 250}`, disabled: false }],
            },
          ],
        });
        t0 = performance.now();
        await pdns.api('PUT', '/zones/pdns.bench./notify');
        theirs.push(await timeUntilAnswer(bindPort, `c${i}.pdns.bench`, t0));
      }
      results.propagation = {
        shoalMs: {
          median: median(ours),
          min: Math.min(...ours),
          max: Math.max(...ours),
          all: ours.map((x) => Math.round(x)),
        },
        pdnsMs: {
          median: median(theirs),
          min: Math.min(...theirs),
          max: Math.max(...theirs),
          all: theirs.map((x) => Math.round(x)),
        },
      };
    } finally {
      await bind.dispose();
    }

    // AXFR of a big zone.
    const dir = tempDir('big-zone');
    const lines = [
      '$ORIGIN big.bench.',
      '$TTL 300',
      '@ 3600 IN SOA ns1.big.bench. hostmaster.big.bench. 1 3600 600 604800 300',
      '@ 3600 IN NS ns1.big.bench.',
    ];
    for (let i = 0; i < RECORDS; i++)
      lines.push(`h${i} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    writeFileSync(join(dir, 'big.zone'), `${lines.join('\n')}\n`);
    await run('pdnsutil', [`--config-dir=${pdns.dir}`, 'load-zone', 'big.bench', join(dir, 'big.zone')], {
      maxBuffer: 1 << 26,
    });
    const serial = await loadBigZoneIntoStream(fleet.nats.url, 'big.bench', RECORDS);
    await waitForSerial(node.dnsPort, 'big.bench', serial, 120_000);
    const shoalAxfr = [];
    const pdnsAxfr = [];
    for (let r = 0; r < RUNS; r++) {
      shoalAxfr.push(await timeAxfr(node.dnsPort, 'big.bench'));
      pdnsAxfr.push(await timeAxfr(pdns.port, 'big.bench'));
    }
    results.axfr = {
      shoal: { medianMs: median(shoalAxfr.map((x) => x.ms)), records: shoalAxfr[0].lines },
      pdns: { medianMs: median(pdnsAxfr.map((x) => x.ms)), records: pdnsAxfr[0].lines },
    };
  } finally {
    await pdns.proc.stop();
    await bridge.dispose();
    await fleet.dispose();
  }
  const p = results.propagation;
  const a = results.axfr;
  console.log(`propagation to a BIND secondary, median of ${CHANGES} changes:`);
  console.log(
    `  shoal (gRPC ack -> bridge NOTIFY -> node IXFR): ${p.shoalMs.median.toFixed(1)} ms (min ${p.shoalMs.min.toFixed(1)}, max ${p.shoalMs.max.toFixed(1)})`,
  );
  console.log(
    `  pdns  (API PATCH ack + notify -> transfer):    ${p.pdnsMs.median.toFixed(1)} ms (min ${p.pdnsMs.min.toFixed(1)}, max ${p.pdnsMs.max.toFixed(1)})`,
  );
  console.log(`AXFR of ${RECORDS} records with dig, median of ${RUNS}:`);
  console.log(`  shoal node:  ${a.shoal.medianMs.toFixed(0)} ms (${a.shoal.records} lines)`);
  console.log(`  pdns_server: ${a.pdns.medianMs.toFixed(0)} ms (${a.pdns.records} lines)`);
  const out = join(REPO_ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'transfer.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
