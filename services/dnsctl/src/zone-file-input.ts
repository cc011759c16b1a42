import { readFileSync } from 'node:fs';
import { Name, parseZoneText, rdataToText, rrTypeToString } from '@shoal/dns-wire';
import type { RRset } from '@shoal/admin-api';

/**
 * Reads a zone file into RRsets in presentation form, as the admin API takes them. Records
 * of one owner and type become one RRset (TTL of the last record, as RFC 2181 §5.2 wants a
 * single TTL per RRset).
 */
export async function rrsetsFromZoneFile(path: string, origin: string): Promise<RRset[]> {
  const sets = new Map<string, RRset>();
  const originName = Name.parse(origin.endsWith('.') ? origin : `${origin}.`);
  for (const rr of parseZoneText(readFileSync(path, 'utf8'), { origin: originName, fileName: path })) {
    const key = `${rr.name.key}/${rr.type}`;
    let set = sets.get(key);
    if (!set) {
      set = { name: rr.name.toString(), type: rrTypeToString(rr.type), ttl: rr.ttl, records: [] };
      sets.set(key, set);
    }
    set.ttl = rr.ttl;
    set.records.push(rdataToText(rr.type, rr.rdata));
  }
  return [...sets.values()];
}
