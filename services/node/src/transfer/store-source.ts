import { Name, RRType } from '@shoal/dns-wire';
import type { ChangeSet } from '@shoal/events';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import type { TransferRRset, ZoneSource } from '@shoal/zone-transfer';

/**
 * A zone of the node's projection as a transfer source. Each iteration reads from a LevelDB
 * iterator, and classic-level iterators read from a snapshot taken synchronously when they are
 * created: the iteration starts on the transfer's first read, so an AXFR sends exactly the
 * version of the zone current at that moment, even when ChangeSets are applied while it
 * streams, and without holding the zone in memory. AXFR reads it in batches (`rrsetBatches`,
 * one LevelDB `nextv` each).
 *
 * The store keeps all RRSIGs of an owner as one RRset with one TTL; the transfer code gives
 * each RRSIG record its covered RRset's TTL (AXFR from the owner's RRsets, IXFR through
 * `rrsetTtl`).
 */
export class StoreZoneSource implements ZoneSource {
  readonly origin: Name;

  constructor(
    private readonly store: ZoneStore,
    private readonly meta: ZoneMeta,
  ) {
    this.origin = Name.parse(meta.name);
  }

  rrsets(): AsyncIterable<TransferRRset> {
    return this.store.rrsets(this.meta);
  }

  rrsetBatches(): AsyncIterable<readonly TransferRRset[]> {
    return this.store.rrsetBatches(this.meta);
  }

  async *journal(): AsyncIterable<ChangeSet> {
    for await (const entry of this.store.journal(this.meta)) if (entry.changeSet) yield entry.changeSet;
  }

  soa(): { ttl: number; rdata: Uint8Array } | undefined {
    const set = this.store.getRRset(this.meta, this.origin, RRType.SOA);
    return set?.rdatas.length ? { ttl: set.ttl, rdata: set.rdatas[0] } : undefined;
  }

  rrsetTtl(owner: Name, type: number): number | undefined {
    const set = this.store.getRRset(this.meta, owner, type);
    return set?.rdatas.length ? set.ttl : undefined;
  }
}
