import { canonicalRdata, Name, type ResourceRecord, RRClass, RRType, soaSerial } from '@shoal/dns-wire';
import type { Record as EventRecord } from '@shoal/events';

/** An RRset as a zone source yields it: owner (original case), type, shared TTL, RDATAs in wire form. */
export interface TransferRRset {
  owner: Name;
  type: number;
  ttl: number;
  rdatas: Uint8Array[];
}

export function toResourceRecord(r: EventRecord): ResourceRecord {
  return {
    name: Name.fromWire(r.owner),
    type: r.type,
    class: r.class || RRClass.IN,
    ttl: r.ttl,
    rdata: r.rdata,
  };
}

export function toEventRecord(r: ResourceRecord): EventRecord {
  return { owner: r.name.toWire(), type: r.type, class: r.class, ttl: r.ttl, rdata: r.rdata };
}

/** Identity of a record for set operations: owner and type case-folded, RDATA canonical (RFC 4034 §6.2). */
export function recordIdentity(owner: Name, type: number, rdata: Uint8Array): string {
  return `${owner.key}\u0000${type}\u0000${Buffer.from(canonicalRdata(type, rdata)).toString('latin1')}`;
}

export function isApexSoa(record: { type: number; owner: Uint8Array }, origin: Name): boolean {
  return record.type === RRType.SOA && Name.fromWire(record.owner).equals(origin);
}

/** The SOA record among a ChangeSet's removed or added records (IXFR shape puts it first). */
export function findSoa(records: readonly EventRecord[], origin: Name): EventRecord | undefined {
  return records.find((r) => isApexSoa(r, origin));
}

export function soaRecordSerial(record: { rdata: Uint8Array }): number {
  return soaSerial(record.rdata);
}
