import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { ZoneFileError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import { Name } from '../name.js';
import { recordToText } from '../records.js';
import { parseZoneFile, parseZoneStream } from './zone-stream.js';
import { parseZoneText } from './zone-text.js';

async function collect(gen: AsyncIterable<ResourceRecord>): Promise<string[]> {
  const out: string[] = [];
  for await (const rr of gen) out.push(recordToText(rr));
  return out;
}

const zone = `$ORIGIN example.test.
$TTL 300
@ SOA ns1 hostmaster ( 1 2 3
  4 5 ) ; multi-line
  NS ns1
ns1 A 192.0.2.1
t TXT "é\\240" "two words" ; comment
$ORIGIN sub
www CNAME @
`;

test('chunk boundaries do not matter, even inside UTF-8 sequences', async (t) => {
  const expected = parseZoneText(zone).map(recordToText);
  const bytes = Buffer.from(zone);
  const oneByte = Array.from(bytes, (b) => Uint8Array.of(b));
  t.deepEqual(await collect(parseZoneStream(oneByte)), expected);
  t.deepEqual(await collect(parseZoneStream([zone.slice(0, 40), zone.slice(40)])), expected);
  t.is(expected.length, 5);
  t.is(expected[4], 'www.sub.example.test.\t300\tIN\tCNAME\tsub.example.test.');
});

test('$GENERATE expands like BIND', (t) => {
  const records = parseZoneText(
    `$ORIGIN example.test.
$TTL 60
$GENERATE 10-11 \${0,3,n}.x PTR host$
$GENERATE 26-27 \${-20,5,X} 7200 IN A 10.0.0.$
$GENERATE 1-2/1 a\\$$ TXT "v$ \\$ \${1}"
$GENERATE 255-256 \${0,0,n}.y CNAME z
$GENERATE 0-4/2 h$ A 192.0.2.$
`,
  ).map(recordToText);
  t.deepEqual(records, [
    'a.0.x.example.test.\t60\tIN\tPTR\thost10.example.test.',
    'b.0.x.example.test.\t60\tIN\tPTR\thost11.example.test.',
    '00006.example.test.\t7200\tIN\tA\t10.0.0.26',
    '00007.example.test.\t7200\tIN\tA\t10.0.0.27',
    'a\\$1.example.test.\t60\tIN\tTXT\t"v1" "$" "2"',
    'a\\$2.example.test.\t60\tIN\tTXT\t"v2" "$" "3"',
    'f.f.y.example.test.\t60\tIN\tCNAME\tz.example.test.',
    '0.0.1.y.example.test.\t60\tIN\tCNAME\tz.example.test.',
    'h0.example.test.\t60\tIN\tA\t192.0.2.0',
    'h2.example.test.\t60\tIN\tA\t192.0.2.2',
    'h4.example.test.\t60\tIN\tA\t192.0.2.4',
  ]);
  const error = t.throws(
    () => parseZoneText('$ORIGIN example.test.\n$TTL 60\n$GENERATE 250-260 h$ A 10.0.0.$\n'),
    {
      instanceOf: ZoneFileError,
    },
  );
  t.is(error?.line, 3);
  t.throws(() => parseZoneText('$GENERATE 5-1 h$ A 10.0.0.$\n'), { instanceOf: ZoneFileError });
});

test('$INCLUDE reads files inside the base directory only', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dns-wire-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'zones', 'inc'), { recursive: true });
  await writeFile(path.join(dir, 'outside.db'), 'evil A 192.0.2.66\n');
  await writeFile(path.join(dir, 'zones', 'inc', 'hosts.db'), 'www A 192.0.2.80\n  AAAA 2001:db8::80\n');
  await writeFile(
    path.join(dir, 'zones', 'main.db'),
    '$ORIGIN example.test.\n$TTL 60\n@ NS ns1\n$INCLUDE inc/hosts.db web\nafter A 192.0.2.2\n',
  );
  t.deepEqual(await collect(parseZoneFile(path.join(dir, 'zones', 'main.db'))), [
    'example.test.\t60\tIN\tNS\tns1.example.test.',
    'www.web.example.test.\t60\tIN\tA\t192.0.2.80',
    'www.web.example.test.\t60\tIN\tAAAA\t2001:db8::80',
    'after.example.test.\t60\tIN\tA\t192.0.2.2',
  ]);

  const escapes = ['../outside.db', path.join(dir, 'outside.db'), 'link.db'];
  await symlink(path.join(dir, 'outside.db'), path.join(dir, 'zones', 'link.db'));
  for (const target of escapes) {
    await writeFile(
      path.join(dir, 'zones', 'bad.db'),
      `$TTL 60\n$ORIGIN example.test.\n$INCLUDE ${target}\n`,
    );
    const error = await t.throwsAsync(collect(parseZoneFile(path.join(dir, 'zones', 'bad.db'))), {
      instanceOf: ZoneFileError,
    });
    t.regex(error?.message ?? '', /outside the base directory/);
    t.is(error?.line, 3);
    t.is(error?.column, 10);
  }

  await writeFile(path.join(dir, 'zones', 'self.db'), '$INCLUDE self.db\n');
  await t.throwsAsync(collect(parseZoneFile(path.join(dir, 'zones', 'self.db'))), {
    instanceOf: ZoneFileError,
    message: /nested/,
  });
  await writeFile(path.join(dir, 'zones', 'missing.db'), '$INCLUDE nothing.db\n');
  await t.throwsAsync(collect(parseZoneFile(path.join(dir, 'zones', 'missing.db'))), {
    instanceOf: ZoneFileError,
  });
  await t.throwsAsync(collect(parseZoneFile(path.join(dir, 'zones', 'none.db'))), {
    instanceOf: ZoneFileError,
  });
  await t.throwsAsync(collect(parseZoneStream(['$INCLUDE inc/hosts.db\n'])), {
    instanceOf: ZoneFileError,
    message: /base directory/,
  });
});

test('errors in included files name that file', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dns-wire-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'inc.db'), '\n\nbad A not-an-address\n');
  await writeFile(path.join(dir, 'main.db'), '$TTL 60\n$ORIGIN example.test.\n$INCLUDE inc.db\n');
  const error = await t.throwsAsync(collect(parseZoneFile(path.join(dir, 'main.db'))), {
    instanceOf: ZoneFileError,
  });
  t.is(error?.file, 'inc.db');
  t.is(error?.line, 3);
  t.is(error?.column, 7);
});

test('progress is reported', async (t) => {
  const lines = ['$ORIGIN example.test.', '$TTL 60'];
  for (let i = 0; i < 25000; i++) lines.push(`h${i} A 10.0.${(i >> 8) & 255}.${i & 255}`);
  const text = `${lines.join('\n')}\n`;
  const seen: { records: number; bytes: number }[] = [];
  let n = 0;
  for await (const _ of parseZoneStream([text], { onProgress: (p) => seen.push(p) })) n++;
  t.is(n, 25000);
  t.deepEqual(
    seen.map((p) => p.records),
    [10000, 20000, 25000],
  );
  t.is(seen[seen.length - 1].bytes, text.length);
  const sync: number[] = [];
  parseZoneText(text, { onProgress: (p) => sync.push(p.records) });
  t.deepEqual(sync, [10000, 20000, 25000]);
});

test('a 1,000,000-record zone file streams in bounded memory', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dns-wire-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'big.db');
  const out = createWriteStream(file);
  out.write('$ORIGIN big.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n');
  for (let i = 1; i < 1000000; i++) {
    if (!out.write(`host${i} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`))
      await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let count = 0;
  let last: ResourceRecord | undefined;
  for await (const rr of parseZoneFile(file, {
    onProgress: () => (peak = Math.max(peak, process.memoryUsage().heapUsed)),
  })) {
    count++;
    last = rr;
  }
  t.is(count, 1000000);
  t.true(last?.name.equals(Name.parse('host999999.big.test.')));
  // The file is ~28 MB and the records would need several hundred; streaming keeps the heap flat.
  t.true(peak - before < 64 * 1024 * 1024, `heap grew by ${Math.round((peak - before) / 1048576)} MiB`);
});
