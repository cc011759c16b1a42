import { type Name, type ResourceRecord, RRClass, RRType, soaSerial } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord } from '@shoal/events';
import { MissingSoaError } from './errors.js';
import { recordIdentity, type TransferRRset, toEventRecord } from './records.js';
import { ownerRecords, rrsetsByOwner, rrsigCoveredType } from './rrsig-ttl.js';

/**
 * The ChangeSet that turns the zone we hold into the one a full transfer brought: every record
 * we have that the transfer lacks is removed, every record it has that we lack is added (a TTL
 * change is both). The old SOA is first among the removed and the new one first among the
 * added, so the result is IXFR-shaped like every other ChangeSet and the journal keeps serving
 * IXFR to our own secondaries across an AXFR from the primary. Returns undefined when nothing
 * differs, not even the SOA. RRSIGs on both sides are compared at the TTL of the RRset they
 * cover (RFC 4034 §3): a store that keeps one TTL for an owner's RRSIGs is not a difference.
 */
export async function diffZone(
  origin: Name,
  current: AsyncIterable<TransferRRset> | Iterable<TransferRRset>,
  incoming: readonly ResourceRecord[],
): Promise<ChangeSet | undefined> {
  const wanted = new Map<string, ResourceRecord>();
  let newSoa: ResourceRecord | undefined;
  // What we hold and serve has each RRSIG at its covered RRset's TTL; so does what we compare.
  const ttls = new Map<string, number>();
  for (const rr of incoming) if (rr.type !== RRType.RRSIG) ttls.set(`${rr.name.key}/${rr.type}`, rr.ttl);
  for (let rr of incoming) {
    if (rr.class !== RRClass.IN) continue;
    if (rr.type === RRType.SOA && rr.name.equals(origin)) {
      newSoa = rr;
      continue;
    }
    if (rr.type === RRType.RRSIG) {
      const ttl = ttls.get(`${rr.name.key}/${rrsigCoveredType(rr.rdata)}`);
      if (ttl !== undefined && ttl !== rr.ttl) rr = { ...rr, ttl };
    }
    wanted.set(recordIdentity(rr.name, rr.type, rr.rdata), rr);
  }
  if (!newSoa) throw new MissingSoaError(origin.toString());
  const removed: EventRecord[] = [];
  let oldSoa: EventRecord | undefined;
  // Per owner name, so that each RRSIG we hold has its covered RRset's TTL (RFC 4034 §3), as a
  // transfer brings it, rather than the one TTL a store keeps for all of an owner's RRSIGs.
  for await (const group of rrsetsByOwner(current)) {
    for (const rr of ownerRecords(group)) {
      const record = toEventRecord(rr);
      if (rr.type === RRType.SOA && rr.name.equals(origin)) {
        oldSoa = record;
        continue;
      }
      const id = recordIdentity(rr.name, rr.type, rr.rdata);
      const match = wanted.get(id);
      if (match && match.ttl === rr.ttl) wanted.delete(id);
      else removed.push(record);
    }
  }
  const added = [...wanted.values()].map(toEventRecord);
  const soaSame =
    oldSoa !== undefined &&
    oldSoa.ttl === newSoa.ttl &&
    Buffer.compare(Buffer.from(oldSoa.rdata), Buffer.from(newSoa.rdata)) === 0;
  if (removed.length === 0 && added.length === 0 && soaSame) return undefined;
  return {
    fromSerial: oldSoa ? soaSerial(oldSoa.rdata) : 0,
    toSerial: soaSerial(newSoa.rdata),
    removed: oldSoa ? [oldSoa, ...removed] : removed,
    added: [toEventRecord(newSoa), ...added],
  };
}
