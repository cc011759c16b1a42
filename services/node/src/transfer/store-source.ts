import { Name, RRType } from '@shoal/dns-wire';
import type { ChangeSet } from '@shoal/events';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import type { TransferRRset, ZoneSource } from '@shoal/zone-transfer';

/**
 * A zone of the node's projection as a transfer source. Each iteration reads from a LevelDB
 * iterator, and classic-level iterators read from a snapshot taken synchronously when they are
 * created: the iteration starts on the transfer's first read, so an AXFR sends exactly the
 * version of the zone current at that moment, even when ChangeSets are applied while it
 * streams, and without holding the zone in memory.
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

  async *journal(): AsyncIterable<ChangeSet> {
    for await (const entry of this.store.journal(this.meta)) if (entry.changeSet) yield entry.changeSet;
  }

  soa(): { ttl: number; rdata: Uint8Array } | undefined {
    const set = this.store.getRRset(this.meta, this.origin, RRType.SOA);
    return set?.rdatas.length ? { ttl: set.ttl, rdata: set.rdatas[0] } : undefined;
  }
}
