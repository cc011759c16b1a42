import test from 'ava';
import { RRType } from '../constants.js';
import { RdataError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import { Name } from '../name.js';
import { recordFromText } from '../records.js';
import { ALL_TYPES_ZONE } from '../testing/fixtures.js';
import { plain } from '../testing/plain.js';
import { writeZoneLines, writeZoneText } from './writer.js';
import { parseZoneStream } from './zone-stream.js';
import { parseZoneText } from './zone-text.js';

const origin = Name.parse('example.test.');

test('the parser reads the writer output back to the same records', (t) => {
  const records = parseZoneText(ALL_TYPES_ZONE);
  t.true(records.length > 40);
  const relative = writeZoneText(records, { origin });
  t.deepEqual(plain(parseZoneText(relative)), plain(records));
  const absolute = writeZoneText(records);
  t.deepEqual(plain(parseZoneText(absolute)), plain(records));
  t.regex(relative, /^\$ORIGIN example\.test\.\n@\t300\tIN\tSOA\t/);
  t.regex(relative, /\nesc\\\.aped\\032name\t300\tIN\tA\t192\.0\.2\.43\n/);
});

test('streaming writer and parser agree', async (t) => {
  const records = parseZoneText(ALL_TYPES_ZONE);
  async function* source(): AsyncGenerator<ResourceRecord> {
    yield* records;
  }
  const lines: string[] = [];
  for await (const line of writeZoneLines(source(), { origin })) lines.push(line);
  t.is(lines.join(''), writeZoneText(records, { origin }));
  const back: ResourceRecord[] = [];
  for await (const rr of parseZoneStream(lines)) back.push(rr);
  t.deepEqual(plain(back), plain(records));
});

test('meta types are refused', (t) => {
  const tsig = recordFromText('k. 0 ANY TSIG hmac-sha256. 1700000000 300 0 1 NOERROR 0');
  t.is(tsig.type, RRType.TSIG);
  t.throws(() => writeZoneText([tsig]), { instanceOf: RdataError });
});
