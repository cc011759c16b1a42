/**
 * A 1,000,000-record zone through the admin: streamed up in chunks, parsed incrementally,
 * applied CHUNKED (ChangeSets that each fit in a NATS message), and streamed back out.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ImportMode, type ImportZoneResponse } from '@shoal/admin-api';
import { decodeEvent } from '@shoal/events';
import anyTest, { type TestFn } from 'ava';
import { NatsServer } from '../harness/index.js';
import { natsConnection, Rpc, type StartedAdmin, startAdmin, streamLastSequence } from './admin-harness.js';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; rpc: Rpc; nc: NatsConnection }>;

const RECORDS = 1_000_000;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const started = await startAdmin(nats.url);
  t.context = { nats, started, rpc: new Rpc(started.grpc), nc: await natsConnection(nats.url) };
});

test.after.always(async (t) => {
  t.context.rpc?.close();
  await t.context.nc?.close();
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

/** The zone file in 64 KiB pieces, generated as it is sent (never whole in memory). */
function* zoneChunks(): Generator<Buffer> {
  let text =
    '$ORIGIN huge.test.\n@ 3600 IN SOA ns1.huge.test. hostmaster.huge.test. 1 10800 3600 604800 3600\n@ 3600 IN NS ns1.huge.test.\n';
  for (let i = 0; i < RECORDS; i++) {
    text += `h${i} 300 IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
    if (text.length >= 64 * 1024) {
      yield Buffer.from(text);
      text = '';
    }
  }
  yield Buffer.from(text);
}

test.serial(
  'a 1,000,000-record zone imports CHUNKED, each event within the message limit, and exports back',
  async (t) => {
    t.timeout(900_000);
    const { rpc, nc } = t.context;
    const before = await streamLastSequence(nc);
    const r = await new Promise<ImportZoneResponse>((resolve, reject) => {
      const call = rpc.zones.importZone(rpc.metadata(), { deadline: Date.now() + 900_000 }, (e, res) =>
        e ? reject(e) : resolve(res),
      );
      call.write({
        part: {
          $case: 'header',
          header: {
            zone: 'huge.test',
            mode: ImportMode.IMPORT_MODE_CHUNKED,
            create: true,
            settings: undefined,
            options: { requestId: 'huge-import', reason: 'one million' },
            expectedSequence: 0,
            dryRun: false,
            maxRecordsPerChange: 0,
          },
        },
      });
      const chunks = zoneChunks();
      const pump = () => {
        for (let n = chunks.next(); !n.done; n = chunks.next()) {
          if (!call.write({ part: { $case: 'chunk', chunk: n.value } })) {
            call.once('drain', pump);
            return;
          }
        }
        call.end();
      };
      pump();
    });
    t.true(r.created);
    t.is(r.recordsParsed, RECORDS + 2);
    t.is(r.recordsAdded, RECORDS + 1, 'the A records and the apex NS');
    t.true(r.results.length > 10, `${r.results.length} events`);
    t.is(await streamLastSequence(nc), before + r.results.length);
    const jsm = await jetstreamManager(nc);
    for (const w of r.results) {
      const m = await jsm.streams.getMessage('DNS', { seq: w.sequence });
      t.true(m!.data.length <= 1024 * 1024, `event ${w.sequence} is ${m!.data.length} bytes`);
      t.true(['zoneCreated', 'changeSet'].includes(decodeEvent(m!.data, w.sequence).body?.$case ?? ''));
    }
    const zone = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'huge.test', omitRecords: true });
    t.is(zone.recordCount, RECORDS + 2);
    let lines = 0;
    let first = '';
    for await (const c of rpc.zones.exportZone({ name: 'huge.test' }, rpc.metadata(), {
      deadline: Date.now() + 300_000,
    })) {
      if (!first) first = c.text.slice(0, c.text.indexOf('\n'));
      for (let i = c.text.indexOf('\n'); i >= 0; i = c.text.indexOf('\n', i + 1)) lines++;
    }
    t.is(lines, RECORDS + 2);
    t.regex(first, /\tSOA\t/);
  },
);
