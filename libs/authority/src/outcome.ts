import type { Name } from '@shoal/dns-wire';
import type { RRset } from './rrset.js';
import type { Zone } from './zone.js';

/**
 * An RRset as it goes into a message: the owner to write (the zone's own name
 * for stored data, the query name for wildcard answers and synthesised
 * CNAMEs) and, for the negative-answer SOA, a TTL that differs from the data.
 */
export interface Placed {
  owner: Name;
  rrset: RRset;
  ttl?: number;
}

/**
 * Additional-section data. `required` marks in-domain glue of a referral,
 * which must fit or the reply is truncated (RFC 9471 §3); everything else may
 * be left out silently (RFC 2181 §9).
 */
export interface Additional extends Placed {
  required: boolean;
}

interface Resolved {
  /** CNAME, DNAME and synthesised CNAME records met before the final name, in order. */
  chain: Placed[];
  /** Every zone read to build the outcome: a change to any of them makes it stale. */
  zones: Zone[];
}

/**
 * What a question resolves to, before any size limit applies. The response
 * builder turns it into a message; the packet cache keeps the message.
 */
export type Outcome =
  /** No zone here contains the name. */
  | { kind: 'refused' }
  | (Resolved & { kind: 'answer'; answer: Placed[]; additional: Additional[] })
  | (Resolved & { kind: 'nodata'; soa: Placed })
  | (Resolved & { kind: 'nxdomain'; soa: Placed })
  | (Resolved & { kind: 'delegation'; ns: Placed; glue: Additional[] })
  /** The chain left every zone served here; the resolver takes it from there. */
  | (Resolved & { kind: 'out-of-zone' })
  /** A DNAME substitution would exceed 255 octets (RFC 6672 §2.2). */
  | (Resolved & { kind: 'yxdomain' })
  | (Resolved & { kind: 'servfail'; reason: 'cname-loop' | 'chain-too-long' | 'zone-without-soa' });

export type OutcomeKind = Outcome['kind'];
