import test from 'ava';
import fc from 'fast-check';
import { DnsWireError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import { Name } from '../name.js';
import { rdataToText } from '../rdata/rdata.js';
import { namePool, record } from '../testing/arbitraries.js';
import { plain } from '../testing/plain.js';
import { writeZoneText } from './writer.js';
import { parseZoneText } from './zone-text.js';

/** Records a zone file can hold: no meta types (RFC 6895 §3.1), RDATA with a presentation form. */
function printable(rr: ResourceRecord): boolean {
  if (rr.type === 41 || (rr.type >= 249 && rr.type <= 255)) return false;
  try {
    rdataToText(rr.type, rr.rdata);
    return true;
  } catch (e) {
    if (e instanceof DnsWireError) return false;
    throw e;
  }
}

/** One TTL per RRset, as the parser enforces (RFC 2181 §5.2). */
function sameTtls(records: ResourceRecord[]): ResourceRecord[] {
  const ttls = new Map<string, number>();
  return records.map((rr) => {
    const key = `${rr.name.key} ${rr.type} ${rr.class}`;
    const ttl = ttls.get(key) ?? rr.ttl;
    ttls.set(key, ttl);
    return { ...rr, ttl };
  });
}

test('any records, any owner octets: the parser reads the writer output back', (t) => {
  const zone = namePool.chain((names) => fc.array(record(names), { maxLength: 12 }));
  const origin = fc.constantFrom(undefined, Name.parse('example.'), Name.ROOT);
  fc.assert(
    fc.property(zone, origin, (generated, o) => {
      const records = sameTtls(generated.filter(printable));
      const text = writeZoneText(records, { origin: o });
      t.deepEqual(plain(parseZoneText(text)), plain(records), text);
    }),
    { numRuns: 500 },
  );
});
