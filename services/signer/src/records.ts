import { Name, RRClass } from '@shoal/dns-wire';
import type { ModelRecord } from '@shoal/dnssec';
import type { Record as EventRecord } from '@shoal/events';

/** Event records (wire owner and RDATA) to the signer's records, and back. */
export function fromEventRecords(records: readonly EventRecord[]): ModelRecord[] {
  return records.map((r) => ({ owner: Name.fromWire(r.owner), type: r.type, ttl: r.ttl, rdata: r.rdata }));
}

export function toEventRecords(records: readonly ModelRecord[]): EventRecord[] {
  return records.map((r) => ({
    owner: r.owner.toWire(),
    type: r.type,
    class: RRClass.IN,
    ttl: r.ttl,
    rdata: r.rdata,
  }));
}
