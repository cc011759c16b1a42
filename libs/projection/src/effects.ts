import type { Name } from '@shoal/dns-wire';
import type { ChangeSet, Provenance } from '@shoal/events';
import type { ZoneMeta } from './zone-meta.js';

/**
 * What one applied event changed, in RRset terms, for whoever mirrors the store in memory
 * (the serving node's zone views, the admin's caches). Emitted only after the LevelDB batch
 * is durable, in stream order.
 */
export type ProjectionEffect =
  | { kind: 'zone-created'; zone: ZoneMeta }
  /** The zone's contents were replaced (a ZoneSnapshot): drop every RRset, then take the rrset effects that follow. */
  | { kind: 'zone-reset'; zone: ZoneMeta }
  | { kind: 'zone-updated'; zone: ZoneMeta; changeSet?: ChangeSet; provenance?: Provenance; sequence: number }
  | { kind: 'zone-deleted'; zone: ZoneMeta }
  /** The RRset's new contents; no rdatas means it is gone. */
  | { kind: 'rrset'; zone: ZoneMeta; owner: Name; type: number; ttl: number; rdatas: Uint8Array[] };

export interface AppliedBatch {
  /** Stream sequence of the last event in the batch, now durable as the applied position. */
  appliedSequence: number;
  effects: ProjectionEffect[];
}
