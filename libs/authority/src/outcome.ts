import type { Name } from '@shoal/dns-wire';
import type { RRset } from './rrset.js';
import type { Zone } from './zone.js';
import type { ZoneNode } from './zone-node.js';

/**
 * An RRset as it goes into a message: the owner to write (the zone's own name
 * for stored data, the query name for wildcard answers and synthesised
 * CNAMEs) and, for the negative-answer SOA, a TTL that differs from the data.
 */
export interface Placed {
  owner: Name;
  rrset: RRset;
  ttl?: number;
  /**
   * The node the RRset was read from, where its RRSIGs are (a wildcard's node for a wildcard
   * answer). Absent for synthesised data, which has none.
   */
  node?: ZoneNode;
}

/**
 * What a DNSSEC reply must prove besides the data (RFC 4035 §3.1.3, §3.1.4; RFC 5155 §7.2).
 * Lookups record these facts on every outcome; only a query with DO turns them into NSEC or
 * NSEC3 records (dnssec/denial.ts).
 */
export type Proof =
  /** `qname` does not exist, nor does the wildcard at its closest encloser `encloser`. */
  | { kind: 'nxdomain'; zone: Zone; qname: Name; encloser: ZoneNode }
  /** `node` exists (perhaps as an empty non-terminal) without the type asked for. */
  | { kind: 'nodata'; zone: Zone; qname: Name; node: ZoneNode }
  /** An answer synthesised from the wildcard at `encloser`: `qname` itself does not exist. */
  | { kind: 'wildcard'; zone: Zone; qname: Name; encloser: ZoneNode }
  /** The wildcard at `encloser` matched but lacks the type. */
  | { kind: 'wildcard-nodata'; zone: Zone; qname: Name; encloser: ZoneNode; wildcard: ZoneNode }
  /** A referral at `cut`: its DS RRset, or the proof that there is none. */
  | { kind: 'referral'; zone: Zone; cut: ZoneNode };

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
  /** What DNSSEC replies must prove, link by link of the chain. */
  proofs?: Proof[];
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
