import { Name, type ResourceRecord, RRType } from '@shoal/dns-wire';
import type { ChangeSet } from '@shoal/events';
import { recordIdentity, type TransferRRset, toResourceRecord } from './records.js';
import type { ZoneSource } from './source.js';

/**
 * A zone held in memory, with a journal: the reference ZoneSource for tests and benchmarks.
 * `apply` moves it forward by one ChangeSet and journals it, as the projection does.
 */
export class MemoryZoneSource implements ZoneSource {
  readonly #records = new Map<string, ResourceRecord>();
  readonly changes: ChangeSet[] = [];

  constructor(
    readonly origin: Name,
    records: readonly ResourceRecord[],
  ) {
    for (const r of records) this.#records.set(recordIdentity(r.name, r.type, r.rdata), r);
  }

  get records(): ResourceRecord[] {
    return [...this.#records.values()];
  }

  soa(): { ttl: number; rdata: Uint8Array } | undefined {
    for (const r of this.#records.values())
      if (r.type === RRType.SOA && r.name.equals(this.origin)) return { ttl: r.ttl, rdata: r.rdata };
    return undefined;
  }

  rrsetTtl(owner: Name, type: number): number | undefined {
    for (const r of this.#records.values()) if (r.type === type && r.name.equals(owner)) return r.ttl;
    return undefined;
  }

  apply(change: ChangeSet): void {
    for (const r of change.removed) {
      const rr = toResourceRecord(r);
      this.#records.delete(recordIdentity(rr.name, rr.type, rr.rdata));
    }
    for (const r of change.added) {
      const rr = toResourceRecord(r);
      this.#records.set(recordIdentity(rr.name, rr.type, rr.rdata), rr);
    }
    this.changes.push(change);
  }

  async *rrsets(): AsyncGenerator<TransferRRset> {
    const sets = new Map<string, TransferRRset>();
    for (const r of this.#records.values()) {
      const id = `${r.name.key}/${r.type}`;
      const set = sets.get(id);
      if (set) set.rdatas.push(r.rdata);
      else sets.set(id, { owner: r.name, type: r.type, ttl: r.ttl, rdatas: [r.rdata] });
    }
    const sorted = [...sets.values()].sort(
      (a, b) => Name.compareCanonical(a.owner, b.owner) || a.type - b.type,
    );
    for (const set of sorted) yield set;
  }

  async *journal(): AsyncGenerator<ChangeSet> {
    for (const c of [...this.changes]) yield c;
  }
}
