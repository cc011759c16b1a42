import type { ChangeSet } from '@shoal/events';
import type { TransferRRset } from './records.js';

/**
 * What a transfer reads of a zone. Implementations must make each iteration a consistent
 * version of the zone (the projection reads from a LevelDB snapshot taken when the iteration
 * starts), so a change applied mid-transfer is never half in a response.
 */
export interface ZoneSource {
  /** Every RRset, apex first (DNSSEC canonical order satisfies this), SOA included. */
  rrsets(): AsyncIterable<TransferRRset>;
  /** The ChangeSets kept for IXFR, oldest first. */
  journal(): AsyncIterable<ChangeSet>;
  /** The current SOA, for answers that carry only it. */
  soa(): { ttl: number; rdata: Uint8Array } | undefined;
}
