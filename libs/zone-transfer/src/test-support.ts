import {
  Name,
  parseZoneText,
  type ResourceRecord,
  RRType,
  recordToText,
  soaSerial,
  withSoaSerial,
} from '@shoal/dns-wire';
import type { ChangeSet } from '@shoal/events';
import { MemoryZoneSource } from './memory-source.js';
import { findSoa, toEventRecord } from './records.js';

export const ORIGIN = Name.parse('example.test.');

export function zoneText(extra = 20): string {
  const lines = [
    '$TTL 300',
    '@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 1 10800 3600 604800 300',
    '@ IN NS ns1.example.test.',
    '@ IN NS ns2.example.test.',
    'ns1 IN A 192.0.2.1',
    'ns2 IN A 192.0.2.2',
    '@ IN MX 10 mail.example.test.',
  ];
  for (let i = 0; i < extra; i++)
    lines.push(`host${i} IN A 198.51.100.${i % 250}`, `host${i} IN TXT "record number ${i}"`);
  return lines.join('\n');
}

export function memoryZone(extra = 20): MemoryZoneSource {
  return new MemoryZoneSource(ORIGIN, parseZoneText(zoneText(extra), { origin: ORIGIN }));
}

export function rr(text: string): ResourceRecord {
  return parseZoneText(text, { origin: ORIGIN, defaultTtl: 300 })[0];
}

/** A ChangeSet against the source's current SOA: bumps the serial by one. */
export function nextChange(source: MemoryZoneSource, removed: string[], added: string[]): ChangeSet {
  const soa = source.soa()!;
  const from = soaSerial(soa.rdata);
  const to = (from + 1) >>> 0;
  const soaRecord = (rdata: Uint8Array) =>
    toEventRecord({ name: ORIGIN, type: RRType.SOA, class: 1, ttl: soa.ttl, rdata });
  return {
    fromSerial: from,
    toSerial: to,
    removed: [soaRecord(soa.rdata), ...removed.map((t) => toEventRecord(rr(t)))],
    added: [soaRecord(withSoaSerial(soa.rdata, to)), ...added.map((t) => toEventRecord(rr(t)))],
  };
}

export function applyChange(source: MemoryZoneSource, removed: string[], added: string[]): ChangeSet {
  const change = nextChange(source, removed, added);
  source.apply(change);
  return change;
}

export function listing(records: readonly ResourceRecord[]): string[] {
  return records
    .map(recordToText)
    .map((l) => l.toLowerCase())
    .sort();
}

export { findSoa };
