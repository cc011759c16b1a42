import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { Name } from './name.js';
import { recordToText } from './records.js';
import { ALL_TYPES_ZONE } from './testing/fixtures.js';
import { plain } from './testing/plain.js';
import { writeZoneText } from './zone-file/writer.js';
import { parseZoneText } from './zone-file/zone-text.js';

/**
 * Golden tests against BIND's named-checkzone and Knot's kzonecheck: both
 * load what the writer produces, BIND's own rendering of a zone is ours line
 * for line, and $GENERATE expands the same. They fail, not skip, without the tools.
 */

const run = promisify(execFile);
const origin = Name.parse('example.test.');
const normalize = (line: string): string => line.trim().split(/\s+/).join(' ');

async function tempFile(t: { teardown: (fn: () => Promise<void>) => void }, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dns-wire-golden-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'zone.db');
  await writeFile(file, text);
  return file;
}

/** `named-checkzone -D`: the zone as BIND prints it, comments dropped. */
async function bindDump(file: string, zone = 'example.test'): Promise<string[]> {
  const { stdout } = await run('named-checkzone', ['-k', 'ignore', '-D', '-o', '-', zone, file]);
  return stdout.split('\n').filter((l) => l && !l.startsWith(';'));
}

test('named-checkzone loads the writer output and prints it as we do', async (t) => {
  const records = parseZoneText(ALL_TYPES_ZONE);
  const file = await tempFile(t, writeZoneText(records, { origin }));
  await t.notThrowsAsync(run('named-checkzone', ['-k', 'ignore', 'example.test', file]));
  const bind = await bindDump(file);
  t.deepEqual(bind.map(normalize).sort(), records.map(recordToText).map(normalize).sort());
  // And our parser reads BIND's rendering back to the very same records.
  const fromBind = parseZoneText(bind.join('\n'));
  const key = (v: unknown): string => JSON.stringify(plain(v));
  t.deepEqual(fromBind.map(key).sort(), records.map(key).sort());
});

test('kzonecheck loads the writer output', async (t) => {
  const records = parseZoneText(ALL_TYPES_ZONE);
  const file = await tempFile(t, writeZoneText(records, { origin }));
  await t.notThrowsAsync(run('kzonecheck', ['-o', 'example.test', file]));
});

test('$GENERATE, TTL defaults and relative names expand as BIND expands them', async (t) => {
  const text = `$ORIGIN example.test.
$TTL 60
@ SOA ns hm 1 2 3 4 5
@ NS ns
ns A 192.0.2.1
$GENERATE 10-11 \${0,3,n}.x PTR host$
$GENERATE 26-27 \${-20,5,X} 7200 IN A 10.0.0.$
$GENERATE 1-2/1 a\\$$ TXT "v$ \\$ \${1}"
$GENERATE 255-256 \${0,0,n}.y CNAME z
$GENERATE 1-3 \${0,2,o}-\${16,3,x} AAAA 2001:db8::$
$TTL 1h30m
u 1w2d IN A 192.0.2.2
  A 192.0.2.3
$ORIGIN sub
w CNAME @
`;
  const file = await tempFile(t, text);
  const bind = await bindDump(file);
  t.deepEqual(bind.map(normalize).sort(), parseZoneText(text).map(recordToText).map(normalize).sort());
});
