#!/usr/bin/env node
// Projection and replication figures (issue: event store and projection):
//   1. projection throughput (events/s, records/s) of ZoneStore.apply fed from the stream
//   2. bootstrap of an empty node to 1,000,000 records in 10,000 zones: full replay vs checkpoint
//   3. memory of a node holding them (RSS)
//   4. write-to-served latency across 5 nodes: from the gRPC write's ack until every node answers
// Run after `npx tsc -b`: node bench/projection/bench.mjs [--zones 10000] [--records-per-zone 100]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Name, RRClass, RRType, rdataFromText } from '@shoal/dns-wire';
import { ensureEventStream } from '@shoal/event-store';
import { encodeEvent, encodeZoneToken, zoneSubject } from '@shoal/events';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import {
  AdminProcess,
  loadSyntheticHistory,
  NatsServer,
  NodeProcess,
  query,
  tempDir,
  waitForApplied,
} from '../../test/dist/harness/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ZONES = arg('zones', 10_000);
const PER_ZONE = arg('records-per-zone', 100);
const LATENCY_WRITES = arg('writes', 100);
const results = {};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function projectionThroughput() {
  const nats = await NatsServer.start();
  const { lastSequence, events } = await loadSyntheticHistory(nats.url, { zones: 100, changesPerZone: 1000 });
  const dir = tempDir('bench-proj');
  const store = await ZoneStore.open(dir);
  const nc = await connect({ servers: nats.url });
  const t0 = process.hrtime.bigint();
  const follower = new StreamFollower(jetstream(nc), store, { maxBatch: 512 });
  follower.start();
  await follower.waitForSequence(lastSequence, 600_000);
  const elapsed = ms(t0);
  await follower.stop();
  await nc.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await nats.dispose();
  // Each synthetic ChangeSet removes the old SOA (+ a record every third change) and adds two.
  const records = events * 3;
  results.projection = {
    events,
    ms: Math.round(elapsed),
    eventsPerSecond: Math.round((events / elapsed) * 1000),
    recordsPerSecond: Math.round((records / elapsed) * 1000),
  };
  console.log('projection throughput', results.projection);
}

async function publishBigFleet(natsUrl) {
  const nc = await connect({ servers: natsUrl, maxPingOut: 10 });
  const jsm = await jetstreamManager(nc);
  await ensureEventStream(jsm);
  const js = jetstream(nc);
  let next = 0;
  let last = 0;
  const build = (z) => {
    const origin = Name.parse(`z${z}.bench.`);
    const rec = (owner, type, text, ttl = 300) => ({
      owner: owner.toWire(),
      type,
      class: RRClass.IN,
      ttl,
      rdata: rdataFromText(type, text, origin),
    });
    const records = [
      rec(origin, RRType.SOA, 'ns1 hostmaster 1 3600 600 86400 300', 3600),
      rec(origin, RRType.NS, 'ns1'),
    ];
    for (let r = records.length; r < PER_ZONE; r++)
      records.push(rec(origin.prepend(`h${r}`), RRType.A, `10.${(r >> 8) & 255}.${r & 255}.${z & 255}`));
    return {
      subject: zoneSubject(origin.labels),
      data: encodeEvent({ zone: origin.key, body: { $case: 'zoneCreated', zoneCreated: { records } } }),
    };
  };
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < ZONES) {
        const e = build(next++);
        const ack = await js.publish(e.subject, e.data, { timeout: 60_000 });
        last = Math.max(last, ack.seq);
      }
    }),
  );
  await nc.close();
  return last;
}

async function bootstrap() {
  const nats = await NatsServer.start();
  const last = await publishBigFleet(nats.url);
  const nc = await connect({ servers: nats.url });
  const records = ZONES * PER_ZONE;

  let t0 = process.hrtime.bigint();
  const replayer = await NodeProcess.start(nats.url, {
    nodeId: 'replayer',
    env: { SHOAL_CHECKPOINT_BOOTSTRAP: 'false', SHOAL_LOG_LEVEL: 'warn', SHOAL_WEB_LISTEN: 'off' },
  });
  await waitForApplied(nc, 'replayer', last, 900_000);
  const replayMs = ms(t0);
  const memory = rss(replayer.process.child.pid);

  const token = encodeZoneToken([new TextEncoder().encode('replayer')]);
  t0 = process.hrtime.bigint();
  const cp = JSON.parse(
    new TextDecoder().decode(
      (await nc.request(`dns.control.node.${token}.checkpoint`, '', { timeout: 600_000 })).data,
    ),
  );
  const checkpointPublishMs = ms(t0);

  t0 = process.hrtime.bigint();
  const joiner = await NodeProcess.start(nats.url, {
    nodeId: 'joiner',
    env: { SHOAL_LOG_LEVEL: 'info', SHOAL_WEB_LISTEN: 'off' },
  });
  await waitForApplied(nc, 'joiner', last, 900_000);
  const checkpointMs = ms(t0);
  const probe = await query(`h5.z${ZONES - 1}.bench`, 'A', { port: joiner.dnsPort });
  results.bootstrap = {
    zones: ZONES,
    records,
    fullReplayMs: Math.round(replayMs),
    fromCheckpointMs: Math.round(checkpointMs),
    checkpointBytes: cp.result?.bytes,
    checkpointPublishMs: Math.round(checkpointPublishMs),
    nodeRssMiB: Math.round(memory),
    probeAnswers: probe.answers.length,
  };
  console.log('bootstrap', results.bootstrap);
  await nc.close();
  await joiner.dispose();
  await replayer.dispose();
  await nats.dispose();
}

async function writeToServed() {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const nodes = [];
  for (let i = 0; i < 5; i++)
    nodes.push(
      await NodeProcess.start(nats.url, {
        nodeId: `lat${i}`,
        env: { SHOAL_LOG_LEVEL: 'warn', SHOAL_WEB_LISTEN: 'off' },
      }),
    );
  const client = admin.client();
  await client.createZone({ name: 'latency.test', nameservers: ['ns1.latency.test.'] });
  const samples = [];
  for (let i = 0; i < LATENCY_WRITES; i++) {
    const value = `192.0.2.${i % 250}`;
    await client.replaceRRset({
      zone: 'latency.test',
      rrset: { name: `w${i}`, type: 'A', ttl: 60, records: [value] },
    });
    const acked = process.hrtime.bigint();
    await Promise.all(
      nodes.map(async (n) => {
        for (;;) {
          const m = await query(`w${i}.latency.test`, 'A', { port: n.dnsPort });
          if (m.answers.length === 1) return;
        }
      }),
    );
    samples.push(ms(acked));
  }
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
  results.writeToServed = {
    nodes: 5,
    writes: samples.length,
    p50Ms: +pct(50).toFixed(2),
    p99Ms: +pct(99).toFixed(2),
    maxMs: +samples.at(-1).toFixed(2),
  };
  console.log('write to served on all nodes', results.writeToServed);
  client.close();
  for (const n of nodes) await n.dispose();
  await admin.dispose();
  await nats.dispose();
}

await projectionThroughput();
await writeToServed();
await bootstrap();
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/projection.json', JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
process.exit(0);
