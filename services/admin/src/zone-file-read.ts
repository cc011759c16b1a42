import { type Name, parseZoneStream, RRClass, rrTypeToString, ZoneFileError } from '@shoal/dns-wire';
import { ValidationError, type Violation } from './errors.js';
import { type ReplaceChange, rdataKey, UNSTORABLE } from './rrset-input.js';

/** Most violations collected before a zone file read gives up (the rest would only repeat). */
const MAX_VIOLATIONS = 100;

export interface ZoneFileContents {
  /** One replace change per RRset of the file, in file order. */
  rrsets: ReplaceChange[];
  records: number;
}

/**
 * Reads a zone file arriving in chunks into RRsets, with memory bounded by the zone (not the
 * file): records are grouped as they are parsed. Identical records are one record (RFC 2181
 * §5); every other problem is a violation: syntax, names outside the zone, classes other than
 * IN, meta types, and records of one RRset with different TTLs (RFC 2181 §5.2).
 */
export async function readZoneFile(
  origin: Name,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  onProgress?: (records: number) => void,
): Promise<ZoneFileContents> {
  // Most RRsets hold one record: the set of RDATA keys is only made for the second one.
  const sets = new Map<string, ReplaceChange & { keys?: Set<string> }>();
  const violations: Violation[] = [];
  const add = (v: Violation) => {
    if (violations.length < MAX_VIOLATIONS) violations.push(v);
  };
  let records = 0;
  try {
    const parsed = parseZoneStream(chunks, {
      origin,
      fileName: 'zone file',
      onProgress: onProgress && ((p) => onProgress(p.records)),
    });
    for await (const rr of parsed) {
      records++;
      const field = `record ${records}`;
      if (!rr.name.isSubdomainOf(origin)) {
        add({ field, rule: 'out-of-zone', message: `${rr.name} is not in zone ${origin}` });
        continue;
      }
      if (rr.class !== RRClass.IN) {
        add({
          field,
          rule: 'bad-class',
          message: `${rr.name} ${rrTypeToString(rr.type)}: only class IN is served`,
        });
        continue;
      }
      if (UNSTORABLE.has(rr.type)) {
        add({
          field,
          rule: 'bad-type',
          message: `type ${rrTypeToString(rr.type)} cannot be stored in a zone`,
        });
        continue;
      }
      const id = `${rr.name.key}/${rr.type}`;
      let set = sets.get(id);
      if (!set) {
        set = { op: 'replace', owner: rr.name, type: rr.type, ttl: rr.ttl, rdatas: [], field };
        sets.set(id, set);
      } else if (set.ttl !== rr.ttl) {
        add({
          field,
          rule: 'ttl-mismatch',
          message: `${rr.name} ${rrTypeToString(rr.type)}: TTL ${rr.ttl} differs from the RRset's ${set.ttl} (RFC 2181 §5.2)`,
        });
      }
      if (set.rdatas.length > 0) {
        set.keys ??= new Set(set.rdatas.map((r) => rdataKey(rr.type, r)));
        const key = rdataKey(rr.type, rr.rdata);
        if (set.keys.has(key)) continue;
        set.keys.add(key);
      }
      set.rdatas.push(rr.rdata);
    }
  } catch (e) {
    if (!(e instanceof ZoneFileError)) throw e;
    add({
      field: `line ${e.line}`,
      rule: 'zone-file-syntax',
      message: `line ${e.line}, column ${e.column}: ${e.reason}`,
    });
  }
  if (violations.length) throw new ValidationError(violations);
  const rrsets: ReplaceChange[] = [];
  for (const { keys: _keys, ...change } of sets.values()) rrsets.push(change);
  return { rrsets, records };
}
