import type { Name } from '@shoal/dns-wire';
import type { ChangeSet } from '@shoal/events';
import type { TransferRRset } from './records.js';

/**
 * What a transfer reads of a zone. Implementations must make each iteration a consistent
 * version of the zone (the projection reads from a LevelDB snapshot taken when the iteration
 * starts), so a change applied mid-transfer is never half in a response.
 *
 * The RRSIGs of one owner may come as one RRset with one TTL: transfers give each RRSIG record
 * the TTL of the RRset it covers (rrsig-ttl.ts).
 */
export interface ZoneSource {
  /** Every RRset, apex first (DNSSEC canonical order satisfies this), SOA included. */
  rrsets(): AsyncIterable<TransferRRset>;
  /**
   * The same RRsets in the same order, in arrays of a bounded size: an AXFR then waits once per
   * array rather than once per RRset. Optional; `rrsets()` is used without it.
   */
  rrsetBatches?(): AsyncIterable<readonly TransferRRset[]>;
  /** The ChangeSets kept for IXFR, oldest first. */
  journal(): AsyncIterable<ChangeSet>;
  /** The current SOA, for answers that carry only it. */
  soa(): { ttl: number; rdata: Uint8Array } | undefined;
  /**
   * The TTL of one RRset in the current version (undefined: not there). IXFR uses it for the
   * TTL of an RRSIG whose covered RRset no difference touches; without it that RRSIG keeps the
   * TTL the journal has.
   */
  rrsetTtl?(owner: Name, type: number): number | undefined;
}
