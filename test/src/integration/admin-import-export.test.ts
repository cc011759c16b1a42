/**
 * Zone files in and out through gRPC streams: export (server-streamed), import (client-streamed,
 * parsed incrementally) as ONE change or CHUNKED, dry runs, optimistic concurrency, refused files
 * and cancelled uploads leaving the stream untouched.
 */
import * as grpc from '@grpc/grpc-js';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ImportMode, type ImportZoneHeader, type ImportZoneResponse } from '@shoal/admin-api';
import { decodeEvent } from '@shoal/events';
import anyTest, { type TestFn } from 'ava';
import { NatsServer } from '../harness/index.js';
import {
  natsConnection,
  Rpc,
  refusedWithoutWrite,
  type StartedAdmin,
  startAdmin,
  streamLastSequence,
  violationsOf,
  zoneText,
} from './admin-harness.js';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; rpc: Rpc; nc: NatsConnection }>;

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

function header(zone: string, extra: Partial<ImportZoneHeader> = {}): ImportZoneHeader {
  return {
    zone,
    mode: ImportMode.IMPORT_MODE_ONE_CHANGE,
    create: false,
    settings: undefined,
    options: { requestId: '', reason: 'import' },
    expectedSequence: 0,
    dryRun: false,
    maxRecordsPerChange: 0,
    ...extra,
  };
}

/** Uploads `text` in chunks of `chunkSize` characters (splitting lines anywhere). */
function importZone(
  rpc: Rpc,
  h: ImportZoneHeader,
  text: string,
  chunkSize = 4096,
): Promise<ImportZoneResponse> {
  return new Promise((resolve, reject) => {
    const call = rpc.zones.importZone(rpc.metadata(), { deadline: Date.now() + 120_000 }, (e, r) =>
      e ? reject(e) : resolve(r),
    );
    call.write({ part: { $case: 'header', header: h } });
    for (let i = 0; i < text.length; i += chunkSize)
      call.write({ part: { $case: 'chunk', chunk: Buffer.from(text.slice(i, i + chunkSize)) } });
    call.end();
  });
}

async function exportZone(
  rpc: Rpc,
  name: string,
): Promise<{ text: string; serial: number; sequence: number; chunks: number }> {
  const out = { text: '', serial: 0, sequence: 0, chunks: 0 };
  for await (const c of rpc.zones.exportZone({ name }, rpc.metadata(), { deadline: Date.now() + 60_000 })) {
    out.text += c.text;
    out.chunks++;
    if (c.sequence) {
      out.serial = c.serial;
      out.sequence = c.sequence;
    }
  }
  return out;
}

const bodyLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l && !l.includes('\tSOA\t'))
    .sort();

test.serial(
  'import creates a zone in one event; export gives it back, SOA first, in canonical order',
  async (t) => {
    const { rpc, nc } = t.context;
    const before = await streamLastSequence(nc);
    const r = await importZone(rpc, header('io.test', { create: true }), zoneText('io.test.', 500, 7), 1000);
    t.true(r.created);
    t.is(r.results.length, 1);
    t.is(await streamLastSequence(nc), before + 1, 'one ZoneCreated event');
    t.is(r.serial, 7, "the file's own serial");
    const out = await exportZone(rpc, 'io.test');
    const lines = out.text.trim().split('\n');
    t.regex(lines[0], /^io\.test\.\t3600\tIN\tSOA\tns1\.io\.test\. hostmaster\.io\.test\. 7 /);
    t.is(lines.length, 502);
    t.is(out.serial, 7);
    t.is(out.sequence, r.results[0].sequence);
    t.true(out.chunks >= 1);
  },
);

test.serial('re-importing an edited export applies only the difference, as ONE ChangeSet', async (t) => {
  const { rpc, nc } = t.context;
  const exported = await exportZone(rpc, 'io.test');
  const edited = exported.text
    .replace(/^h1\.io\.test\.\t300\tIN\tA\t.*\n/m, '')
    .replace('h2.io.test.\t300\tIN\tA\t10.0.0.2', 'h2.io.test.\t300\tIN\tA\t10.9.9.9')
    .concat('new.io.test.\t60\tIN\tTXT\t"added"\n');
  const before = await streamLastSequence(nc);
  const r = await importZone(rpc, header('io.test', { expectedSequence: exported.sequence }), edited, 777);
  t.is(await streamLastSequence(nc), before + 1);
  t.is(r.recordsRemoved, 2, 'h1 and the old h2');
  t.is(r.recordsAdded, 2, 'the new h2 and the TXT');
  t.is(r.rrsetsChanged, 3);
  t.is(r.serial, 8);
  const { event } = await eventOf(nc, r.results[0].sequence);
  t.is(event.body?.$case, 'changeSet');
  t.deepEqual(bodyLines((await exportZone(rpc, 'io.test')).text), bodyLines(edited));
  const again = await importZone(rpc, header('io.test'), edited);
  t.is(again.results.length, 0, 'the same file again changes nothing');
  t.is(await streamLastSequence(nc), before + 1);
});

async function eventOf(nc: NatsConnection, seq: number) {
  const jsm = await jetstreamManager(nc);
  const m = await jsm.streams.getMessage('DNS', { seq });
  return { event: decodeEvent(m!.data, seq) };
}

test.serial('a dry run reports the difference and writes nothing', async (t) => {
  const { rpc, nc } = t.context;
  const text = (await exportZone(rpc, 'io.test')).text.concat('dry.io.test.\t60\tIN\tA\t192.0.2.1\n');
  const before = await streamLastSequence(nc);
  const r = await importZone(rpc, header('io.test', { dryRun: true }), text);
  t.is(await streamLastSequence(nc), before);
  t.is(r.recordsAdded, 1);
  t.true(r.added.some((l) => l.startsWith('dry.io.test.')));
  t.deepEqual(r.results, []);
});

test.serial(
  'optimistic concurrency: an import based on an older export is refused (ABORTED), nothing written',
  async (t) => {
    const { rpc, nc } = t.context;
    const exported = await exportZone(rpc, 'io.test');
    await rpc.call(rpc.zones, rpc.zones.replaceRRset, {
      zone: 'io.test',
      rrset: { name: 'meanwhile', type: 'A', ttl: 60, records: ['192.0.2.2'] },
      options: { requestId: '', reason: '' },
    });
    const err = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      importZone(rpc, header('io.test', { expectedSequence: exported.sequence }), exported.text),
    );
    t.is(err.code, grpc.status.ABORTED);
  },
);

test.serial(
  'refused files write nothing: syntax, out-of-zone names, rule violations, no header, unknown zone',
  async (t) => {
    const { rpc, nc } = t.context;
    const base = (await exportZone(rpc, 'io.test')).text;
    const syntax = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      importZone(rpc, header('io.test'), `${base}broken 300 IN A not-an-address\n`),
    );
    t.is(syntax.code, grpc.status.INVALID_ARGUMENT);
    t.is(violationsOf(syntax)[0].rule, 'zone-file-syntax');
    const outside = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      importZone(rpc, header('io.test'), `${base}www.other.test. 300 IN A 192.0.2.1\n`),
    );
    t.is(violationsOf(outside)[0].rule, 'out-of-zone');
    const cname = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      importZone(rpc, header('io.test'), `${base}h3.io.test. 300 IN CNAME x.test.\n`),
    );
    t.true(violationsOf(cname).some((v) => v.rule === 'cname-beside-data'));
    const noNs = base.replace(/^io\.test\.\t3600\tIN\tNS\t.*\n/m, '');
    const ns = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      importZone(rpc, header('io.test'), noNs),
    );
    t.true(violationsOf(ns).some((v) => v.rule === 'apex-ns-required'));
    const unknown = await refusedWithoutWrite<grpc.ServiceError>(t, nc, () =>
      importZone(rpc, header('nowhere.test'), zoneText('nowhere.test.', 3)),
    );
    t.is(unknown.code, grpc.status.NOT_FOUND);
    const headless = await refusedWithoutWrite<grpc.ServiceError>(
      t,
      nc,
      () =>
        new Promise((resolve, reject) => {
          const call = rpc.zones.importZone(rpc.metadata(), {}, (e, r) => (e ? reject(e) : resolve(r)));
          call.write({ part: { $case: 'chunk', chunk: Buffer.from(base) } });
          call.end();
        }),
    );
    t.is(headless.code, grpc.status.INVALID_ARGUMENT);
  },
);

test.serial(
  'CHUNKED: a difference split into several ChangeSets, each atomic, ending at the file',
  async (t) => {
    const { rpc, nc } = t.context;
    const before = await streamLastSequence(nc);
    const text = zoneText('chunk.test.', 2000, 1);
    const r = await importZone(
      rpc,
      header('chunk.test', { create: true, mode: ImportMode.IMPORT_MODE_CHUNKED, maxRecordsPerChange: 300 }),
      text,
      10_000,
    );
    t.true(r.created);
    t.is(
      r.results.length,
      1 + Math.ceil(2000 / 300),
      'ZoneCreated (SOA and NS) + one ChangeSet per 300 records',
    );
    t.is(await streamLastSequence(nc), before + r.results.length);
    for (const w of r.results.slice(1)) {
      const { event } = await eventOf(nc, w.sequence);
      t.is(event.body?.$case, 'changeSet');
      if (event.body?.$case === 'changeSet') t.true(event.body.changeSet.added.length <= 301);
    }
    t.deepEqual(bodyLines((await exportZone(rpc, 'chunk.test')).text).length, 2001);
    // Replace everything: 2000 A records become 1000 TXT ones; deletions go first.
    const replaced = zoneText('chunk.test.', 0).concat(
      Array.from({ length: 1000 }, (_, i) => `t${i}.chunk.test. 60 IN TXT "v${i}"`).join('\n'),
      '\n',
    );
    const r2 = await importZone(
      rpc,
      header('chunk.test', { mode: ImportMode.IMPORT_MODE_CHUNKED, maxRecordsPerChange: 700 }),
      replaced,
    );
    t.is(r2.recordsRemoved, 2000);
    t.is(r2.recordsAdded, 1000);
    t.true(r2.results.length >= 5);
    const exported = (await exportZone(rpc, 'chunk.test')).text;
    t.is(exported.split('\n').filter((l) => l.includes('\tTXT\t')).length, 1000);
    t.is(exported.split('\n').filter((l) => l.includes('\tA\t')).length, 0);
  },
);

test.serial(
  'ONE_CHANGE larger than one NATS message lands as one event in several parts, one serial',
  async (t) => {
    const { rpc, nc } = t.context;
    const before = await streamLastSequence(nc);
    // ~40,000 new records: well over the 1 MB default max_payload.
    const r = await importZone(
      rpc,
      header('big.test', { create: true }),
      zoneText('big.test.', 40_000),
      64 * 1024,
    );
    t.true(r.created);
    t.is(r.results.length, 1, 'one event: one result, one serial');
    const after = await streamLastSequence(nc);
    t.true(after - before > 1, `${after - before} messages`);
    t.is(r.results[0].sequence, after, "the event's sequence is its last part's");
    const exported = (await exportZone(rpc, 'big.test')).text;
    t.is(exported.split('\n').filter((l) => l.includes('\tA\t')).length, 40_000);
    const jsm = await jetstreamManager(nc);
    const first = await jsm.streams.getMessage('DNS', { seq: before + 1 });
    t.is(decodeEvent(first!.data).body?.$case, 'eventPart');
  },
);

test.serial('a cancelled upload writes nothing', async (t) => {
  const { rpc, nc } = t.context;
  const before = await streamLastSequence(nc);
  await new Promise<void>((resolve) => {
    const call = rpc.zones.importZone(rpc.metadata(), { deadline: Date.now() + 60_000 }, () => resolve());
    call.write({ part: { $case: 'header', header: header('io.test') } });
    call.write({ part: { $case: 'chunk', chunk: Buffer.from(zoneText('io.test.', 100)) } });
    setTimeout(() => call.cancel(), 200);
  });
  await new Promise((r) => setTimeout(r, 500));
  const after = await streamLastSequence(nc);
  if (after !== before) {
    const jsm = await jetstreamManager(nc);
    for (let s = before + 1; s <= after; s++) {
      const m = await jsm.streams.getMessage('DNS', { seq: s });
      const e = decodeEvent(m!.data);
      const cs = e.body?.$case === 'changeSet' ? e.body.changeSet : undefined;
      t.log(
        s,
        e.zone,
        e.body?.$case,
        e.provenance?.requestId,
        Date.now() - Number(e.provenance?.timeUnixMs),
        cs?.removed.length,
        cs?.added.length,
      );
    }
  }
  t.is(after, before);
});
