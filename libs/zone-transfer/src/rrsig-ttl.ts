import { Name, type ResourceRecord, RRClass, RRType } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord } from '@shoal/events';
import type { TransferRRset } from './records.js';

/**
 * RRSIG TTLs in transfers. RFC 4034 §3 (and RFC 4035 §2.2): an RRSIG record's TTL equals the
 * TTL of the RRset it covers. Stores keep the RRSIGs of one owner together, as one RRset with a
 * single TTL (the projection does, RFC 2181 §5.2 style), so a signature over an `A 300` and one
 * over a `TXT 3600` at the same name would otherwise go out with the same TTL. Transfers give
 * each RRSIG record the TTL of its covered type's RRset at that owner; the Original TTL field
 * inside the RDATA is left as signed. A signature whose covered RRset is not there keeps the
 * TTL it came with.
 */

/** The Type Covered field of an RRSIG RDATA (RFC 4034 §3.1.1). */
export function rrsigCoveredType(rdata: Uint8Array): number {
  return rdata.length >= 2 ? (rdata[0] << 8) | rdata[1] : -1;
}

function coveredTtl(sets: readonly TransferRRset[], covered: number): number | undefined {
  for (const set of sets) if (set.type === covered && set.rdatas.length > 0) return set.ttl;
  return undefined;
}

/**
 * The records of the RRsets of one owner name (all of them: RRSIG sorts before NSEC, DNSKEY,
 * NSEC3 and others it may cover), each RRSIG with the TTL of the RRset it covers there.
 */
export function* ownerRecords(sets: readonly TransferRRset[]): Generator<ResourceRecord> {
  for (const set of sets) {
    const rrsig = set.type === RRType.RRSIG;
    for (const rdata of set.rdatas) {
      const ttl = rrsig ? (coveredTtl(sets, rrsigCoveredType(rdata)) ?? set.ttl) : set.ttl;
      yield { name: set.owner, type: set.type, class: RRClass.IN, ttl, rdata };
    }
  }
}

/**
 * The RRsets of a source grouped by owner name, in the source's order (canonical order keeps
 * an owner's RRsets together). One owner's RRsets are held at a time.
 */
export async function* rrsetsByOwner(
  sets: AsyncIterable<TransferRRset> | Iterable<TransferRRset>,
): AsyncGenerator<TransferRRset[]> {
  let group: TransferRRset[] = [];
  for await (const set of sets) {
    if (group.length > 0 && !set.owner.equals(group[0].owner)) {
      yield group;
      group = [];
    }
    group.push(set);
  }
  if (group.length > 0) yield group;
}

/** Looks up the TTL of an RRset in the zone's current version (undefined: no such RRset). */
export type RRsetTtlLookup = (owner: Name, type: number) => number | undefined;

function isRrsig(record: EventRecord): boolean {
  return record.type === RRType.RRSIG;
}

/** TTL per `owner-key/type` among a list of records; RRSIGs left out (they never cover RRSIGs). */
function ttlIndex(records: readonly EventRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const r of records) {
    if (isRrsig(r)) continue;
    index.set(`${Name.fromWire(r.owner).key}/${r.type}`, r.ttl);
  }
  return index;
}

/**
 * The IXFR differences with every RRSIG record's TTL set to the TTL its covered RRset has in the
 * version of the zone the record belongs to: removed records to the version before the change,
 * added records to the version after it. That TTL is read from the changes themselves (an RRset
 * added by a change has the added records' TTL after it; one removed by a change had the removed
 * records' TTL before it; an RRset no change touches keeps its TTL from version to version), and
 * for an RRset no later change touches from `current`, the zone's newest version. The journal
 * keeps each record's TTL as it was written, so this only corrects what a writer got wrong (or a
 * store-wide RRSIG TTL copied into a change); the changes are not modified, new ones are made.
 */
export function coverRrsigTtls(changes: readonly ChangeSet[], current?: RRsetTtlLookup): ChangeSet[] {
  if (!changes.some((c) => c.removed.some(isRrsig) || c.added.some(isRrsig))) return [...changes];
  const n = changes.length;
  const removedTtl = changes.map((c) => ttlIndex(c.removed));
  const addedTtl = changes.map((c) => ttlIndex(c.added));
  /** The covered RRset's TTL in version `v` (0: before the first change, n: after the last). */
  const ttlAt = (v: number, owner: Name, covered: number): number | undefined => {
    const key = `${owner.key}/${covered}`;
    if (v >= 1) {
      const added = addedTtl[v - 1].get(key);
      if (added !== undefined) return added;
    }
    for (let j = v; j < n; j++) {
      // The first later change that touches the RRset says what it was until then.
      const removed = removedTtl[j].get(key);
      if (removed !== undefined) return removed;
      const added = addedTtl[j].get(key);
      if (added !== undefined) return added;
    }
    return current?.(owner, covered);
  };
  const fix = (records: EventRecord[], version: number): EventRecord[] => {
    let out = records;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (!isRrsig(r)) continue;
      const ttl = ttlAt(version, Name.fromWire(r.owner), rrsigCoveredType(r.rdata));
      if (ttl === undefined || ttl === r.ttl) continue;
      if (out === records) out = [...records];
      out[i] = { ...r, ttl };
    }
    return out;
  };
  return changes.map((change, i) => {
    const removed = fix(change.removed, i);
    const added = fix(change.added, i + 1);
    return removed === change.removed && added === change.added ? change : { ...change, removed, added };
  });
}
