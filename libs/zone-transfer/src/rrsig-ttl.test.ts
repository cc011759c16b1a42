import {
  decodeMessage,
  decodeRdata,
  Name,
  parseZoneText,
  type ResourceRecord,
  type RRSIGRdata,
  RRType,
  withSoaSerial,
} from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord } from '@shoal/events';
import test from 'ava';
import {
  axfrMessages,
  coverRrsigTtls,
  diffZone,
  ixfrMessages,
  MemoryZoneSource,
  planIxfr,
  type TransferRRset,
  type ZoneSource,
} from './index.js';
import { applyChange, ORIGIN, rr } from './test-support.js';

const AXFR_Q = { name: ORIGIN, type: RRType.AXFR, class: 1 };
const IXFR_Q = { name: ORIGIN, type: RRType.IXFR, class: 1 };
const KEY = Buffer.alloc(64, 7).toString('base64');
const sig = (covered: string, labels: number, originalTtl: number, tag: string) =>
  `RRSIG ${covered} 13 ${labels} ${originalTtl} 20300101000000 20250101000000 12345 example.test. ${Buffer.from(tag).toString('base64')}`;

/**
 * A signed zone as a store keeps it: every RRSIG of an owner with one TTL (30 here, which is no
 * covered RRset's TTL), the covered RRsets with their own: www has A 300 and TXT 3600, and NSEC
 * (sorting after RRSIG) 60; the apex SOA 3600, DNSKEY 7200, NSEC 300.
 */
const SIGNED = [
  '$TTL 300',
  '@ 3600 IN SOA ns1 hostmaster 1 10800 3600 604800 300',
  '@ 3600 IN NS ns1',
  `@ 7200 IN DNSKEY 257 3 13 ${KEY}`,
  '@ 300 IN NSEC ns1 NS SOA RRSIG NSEC DNSKEY',
  `@ 30 IN ${sig('SOA', 2, 3600, 'apex-soa')}`,
  `@ 30 IN ${sig('NS', 2, 3600, 'apex-ns')}`,
  `@ 30 IN ${sig('DNSKEY', 2, 7200, 'apex-dnskey')}`,
  `@ 30 IN ${sig('NSEC', 2, 300, 'apex-nsec')}`,
  'ns1 300 IN A 192.0.2.1',
  'www 300 IN A 192.0.2.80',
  'www 3600 IN TXT "hello"',
  'www 60 IN NSEC example.test. A TXT RRSIG NSEC',
  `www 30 IN ${sig('A', 3, 300, 'www-a')}`,
  `www 30 IN ${sig('TXT', 3, 3600, 'www-txt')}`,
  `www 30 IN ${sig('NSEC', 3, 60, 'www-nsec')}`,
  // A signature over nothing that is there keeps its TTL.
  `orphan 30 IN ${sig('MX', 3, 900, 'orphan-mx')}`,
].join('\n');

function signedZone(): MemoryZoneSource {
  return new MemoryZoneSource(ORIGIN, parseZoneText(SIGNED, { origin: ORIGIN }));
}

/** `owner covered` -> "TTL/original TTL" of every RRSIG among the records. */
function rrsigTtls(records: readonly ResourceRecord[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of records) {
    if (r.type !== RRType.RRSIG) continue;
    const fields = decodeRdata(RRType.RRSIG, r.rdata) as RRSIGRdata;
    out[`${r.name} ${fields.typeCovered}`] = `${r.ttl}/${fields.originalTtl}`;
  }
  return out;
}

const EXPECTED_AXFR = {
  [`example.test. ${RRType.SOA}`]: '3600/3600',
  [`example.test. ${RRType.NS}`]: '3600/3600',
  [`example.test. ${RRType.DNSKEY}`]: '7200/7200',
  [`example.test. ${RRType.NSEC}`]: '300/300',
  [`www.example.test. ${RRType.A}`]: '300/300',
  [`www.example.test. ${RRType.TXT}`]: '3600/3600',
  [`www.example.test. ${RRType.NSEC}`]: '60/60',
  [`orphan.example.test. ${RRType.MX}`]: '30/900',
};

async function axfrRecords(source: ZoneSource, maxSize = 512): Promise<ResourceRecord[]> {
  const out: ResourceRecord[] = [];
  for await (const m of axfrMessages(ORIGIN, source, { id: 1, question: AXFR_Q, maxSize }))
    out.push(...decodeMessage(m).answers);
  return out;
}

test('AXFR: each RRSIG goes out with the TTL of the RRset it covers at its owner, its Original TTL as signed', async (t) => {
  const zone = signedZone();
  // The premise: the source has one TTL for all RRSIGs of an owner.
  const stored = [];
  for await (const set of zone.rrsets()) if (set.type === RRType.RRSIG) stored.push(set.ttl);
  t.true(stored.length >= 3 && stored.every((ttl) => ttl === 30));
  const records = await axfrRecords(zone);
  t.deepEqual(rrsigTtls(records), EXPECTED_AXFR);
  // Nothing else changed: every record once (the SOA twice), the other TTLs as stored.
  t.is(records.length, zone.records.length + 1);
  const txt = records.find((r) => r.type === RRType.TXT)!;
  t.is(txt.ttl, 3600);
});

test('AXFR from a batched source: an owner whose RRsets straddle batches still gets the right RRSIG TTLs', async (t) => {
  const zone = signedZone();
  const sets: TransferRRset[] = [];
  for await (const set of zone.rrsets()) sets.push(set);
  for (const size of [1, 2, 3, 5]) {
    let batches = 0;
    const source: ZoneSource = {
      rrsets: () => zone.rrsets(),
      rrsetBatches: async function* () {
        for (let i = 0; i < sets.length; i += size) {
          batches++;
          yield sets.slice(i, i + size);
        }
      },
      journal: () => zone.journal(),
      soa: () => zone.soa(),
    };
    const records = await axfrRecords(source, 16_384);
    t.true(batches > 1, 'the batches were read');
    t.deepEqual(rrsigTtls(records), EXPECTED_AXFR, `batches of ${size}`);
    t.is(records.length, zone.records.length + 1);
  }
});

/**
 * A journal whose RRSIG records carry a wrong TTL (30), as a writer copying a store-wide TTL
 * would write them: c1 re-signs www A, c2 changes www A's TTL 300 -> 600 (and re-signs it),
 * c3 re-signs www TXT, which no change touches (its TTL, 3600, comes from the current zone).
 */
function journaledZone(): MemoryZoneSource {
  const zone = signedZone();
  applyChange(zone, [`www 30 IN ${sig('A', 3, 300, 'www-a')}`], [`www 30 IN ${sig('A', 3, 300, 'www-a1')}`]);
  applyChange(
    zone,
    ['www 300 IN A 192.0.2.80', `www 30 IN ${sig('A', 3, 300, 'www-a1')}`],
    ['www 600 IN A 192.0.2.80', `www 30 IN ${sig('A', 3, 600, 'www-a2')}`],
  );
  applyChange(
    zone,
    [`www 30 IN ${sig('TXT', 3, 3600, 'www-txt')}`],
    [`www 30 IN ${sig('TXT', 3, 3600, 'www-txt1')}`],
  );
  return zone;
}

/** Per difference: the removed and the added RRSIGs as `tag TTL`. */
function sigTtlsOf(changes: readonly ChangeSet[]): { removed: string[]; added: string[] }[] {
  const side = (records: readonly EventRecord[]) =>
    records
      .filter((r) => r.type === RRType.RRSIG)
      .map((r) => {
        const fields = decodeRdata(RRType.RRSIG, r.rdata) as RRSIGRdata;
        return `${Buffer.from(fields.signature).toString()} ${r.ttl}`;
      });
  return changes.map((c) => ({ removed: side(c.removed), added: side(c.added) }));
}

test('IXFR: each RRSIG in a difference has its covered RRset TTL in the version it belongs to', async (t) => {
  const zone = journaledZone();
  const perChange = await planIxfr(ORIGIN, 1, zone, { condense: false });
  if (perChange.kind !== 'incremental') return t.fail();
  t.deepEqual(sigTtlsOf(perChange.changes), [
    // Before and after c1, www A is 300 (c2 removes it at 300).
    { removed: ['www-a 300'], added: ['www-a1 300'] },
    // After c2 it is 600.
    { removed: ['www-a1 300'], added: ['www-a2 600'] },
    // www TXT is never touched: the current zone's 3600.
    { removed: ['www-txt 3600'], added: ['www-txt1 3600'] },
  ]);
  const condensed = await planIxfr(ORIGIN, 1, zone);
  if (condensed.kind !== 'incremental') return t.fail();
  t.deepEqual(sigTtlsOf(condensed.changes), [
    { removed: ['www-a 300', 'www-txt 3600'], added: ['www-a2 600', 'www-txt1 3600'] },
  ]);
  // The journal itself is left as it was.
  t.true(zone.changes.every((c) => c.added.every((r) => r.type !== RRType.RRSIG || r.ttl === 30)));

  // And so they go out on the wire, the Original TTL field untouched.
  const records: ResourceRecord[] = [];
  for await (const m of ixfrMessages(ORIGIN, condensed, { id: 2, question: IXFR_Q, maxSize: 512 }))
    records.push(...decodeMessage(m).answers);
  const wire = records
    .filter((r) => r.type === RRType.RRSIG)
    .map((r) => `${r.ttl}/${(decodeRdata(RRType.RRSIG, r.rdata) as RRSIGRdata).originalTtl}`);
  t.deepEqual(wire, ['300/300', '3600/3600', '600/600', '3600/3600']);
});

test('IXFR: the current zone stands for the chain end only while it is that version', async (t) => {
  const zone = journaledZone();
  // The zone moved on after the journal was read (a newer serial): what it holds now is not
  // the version the difference ends with, so an untouched RRset's signature keeps its TTL.
  const movedOn: ZoneSource = {
    rrsets: () => zone.rrsets(),
    journal: () => zone.journal(),
    soa: () => {
      const soa = zone.soa()!;
      return { ttl: soa.ttl, rdata: withSoaSerial(soa.rdata, 99) };
    },
    rrsetTtl: (owner, type) => zone.rrsetTtl(owner, type),
  };
  const plan = await planIxfr(ORIGIN, 1, movedOn);
  if (plan.kind !== 'incremental') return t.fail();
  t.deepEqual(sigTtlsOf(plan.changes), [
    { removed: ['www-a 300', 'www-txt 30'], added: ['www-a2 600', 'www-txt1 30'] },
  ]);
  // Changes without RRSIGs come back as they were.
  const plain = [{ fromSerial: 1, toSerial: 2, removed: [], added: [] }];
  t.is(coverRrsigTtls(plain)[0], plain[0]);
});

test('diffZone: one stored TTL for an owner RRSIGs is no difference from a transfer carrying covered TTLs', async (t) => {
  const zone = signedZone();
  // What a transfer of the same zone brings: every RRSIG at its covered TTL.
  const incoming = await axfrRecords(zone);
  t.is(await diffZone(ORIGIN, zone.rrsets(), incoming), undefined);
  // A primary sending an RRSIG at another TTL than its RRset's is compared at the RRset's.
  const odd = incoming.map((r) =>
    r.type === RRType.RRSIG && r.name.equals(Name.parse('www.example.test.')) ? { ...r, ttl: 5 } : r,
  );
  t.is(await diffZone(ORIGIN, zone.rrsets(), odd), undefined);
  // A new signature over www TXT is a difference, both sides at the TXT's TTL.
  const resigned = incoming.map((r) =>
    r.type === RRType.RRSIG && r.name.equals(Name.parse('www.example.test.')) && r.rdata[1] === RRType.TXT
      ? rr(`www 3600 IN ${sig('TXT', 3, 3600, 'www-txt-new')}`)
      : r,
  );
  const diff = await diffZone(ORIGIN, zone.rrsets(), resigned);
  if (!diff) return t.fail();
  t.deepEqual(sigTtlsOf([diff]), [{ removed: ['www-txt 3600'], added: ['www-txt-new 3600'] }]);
});
