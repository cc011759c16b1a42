import { type Name, type ResourceRecord, RRClass, RRType, soaSerial } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord } from '@shoal/events';
import { MissingSoaError } from './errors.js';
import { recordIdentity, type TransferRRset, toEventRecord } from './records.js';

/**
 * The ChangeSet that turns the zone we hold into the one a full transfer brought: every record
 * we have that the transfer lacks is removed, every record it has that we lack is added (a TTL
 * change is both). The old SOA is first among the removed and the new one first among the
 * added, so the result is IXFR-shaped like every other ChangeSet and the journal keeps serving
 * IXFR to our own secondaries across an AXFR from the primary. Returns undefined when nothing
 * differs, not even the SOA.
 */
export async function diffZone(
  origin: Name,
  current: AsyncIterable<TransferRRset> | Iterable<TransferRRset>,
  incoming: readonly ResourceRecord[],
): Promise<ChangeSet | undefined> {
  const wanted = new Map<string, ResourceRecord>();
  let newSoa: ResourceRecord | undefined;
  for (const rr of incoming) {
    if (rr.class !== RRClass.IN) continue;
    if (rr.type === RRType.SOA && rr.name.equals(origin)) {
      newSoa = rr;
      continue;
    }
    wanted.set(recordIdentity(rr.name, rr.type, rr.rdata), rr);
  }
  if (!newSoa) throw new MissingSoaError(origin.toString());
  const removed: EventRecord[] = [];
  let oldSoa: EventRecord | undefined;
  for await (const set of current) {
    for (const rdata of set.rdatas) {
      const record: EventRecord = {
        owner: set.owner.toWire(),
        type: set.type,
        class: RRClass.IN,
        ttl: set.ttl,
        rdata,
      };
      if (set.type === RRType.SOA && set.owner.equals(origin)) {
        oldSoa = record;
        continue;
      }
      const id = recordIdentity(set.owner, set.type, rdata);
      const match = wanted.get(id);
      if (match && match.ttl === set.ttl) wanted.delete(id);
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
