import { RRType } from '@shoal/dns-wire';
import type { AncestorKeys } from './name-key.js';
import type { Zone } from './zone.js';
import type { ZoneNode } from './zone-node.js';

/** Where the descent from the apex towards a query name stopped. */
export type Descent =
  /** The name exists (possibly as an empty non-terminal). */
  | { kind: 'exact'; node: ZoneNode }
  /** A zone cut at or above the name: the data below belongs to the child. */
  | { kind: 'delegation'; cut: ZoneNode }
  /** A DNAME at a strict ancestor of the name redirects it (RFC 6672 §2.3). */
  | { kind: 'dname'; node: ZoneNode }
  /**
   * The name does not exist; `closestEncloser` is its deepest existing
   * ancestor (RFC 4592 §3.3.1) and `key` that ancestor's key.
   */
  | { kind: 'missing'; closestEncloser: ZoneNode; key: string };

/**
 * Walks from the apex down to the query name one label at a time (RFC 1034
 * §4.3.2 step 3), stopping at the first zone cut or DNAME on the way. Because
 * every ancestor of an owner is a node, a missing label ends the walk at the
 * closest encloser.
 *
 * A DS query for the cut itself is answered by the parent (RFC 4035 §3.1.4.1),
 * so the cut at the query name is not a referral for DS.
 */
export function descend(zone: Zone, qname: AncestorKeys, qtype: number): Descent {
  const below = qname.labelCount - zone.originLabels;
  let node = zone.apex;
  let key = qname.strip(below);
  for (let depth = 1; depth <= below; depth++) {
    if (node !== zone.apex && node.get(RRType.NS) !== undefined) return { kind: 'delegation', cut: node };
    if (node.get(RRType.DNAME) !== undefined) return { kind: 'dname', node };
    const childKey = qname.strip(below - depth);
    const child = zone.getNodeByKey(childKey);
    if (child === undefined || (depth === 1 && isHashedOwner(child))) {
      return { kind: 'missing', closestEncloser: node, key };
    }
    node = child;
    key = childKey;
  }
  if (node !== zone.apex && qtype !== RRType.DS && node.get(RRType.NS) !== undefined) {
    return { kind: 'delegation', cut: node };
  }
  return { kind: 'exact', node };
}

/**
 * An NSEC3 record's owner (a hash below the apex) is not a name of the zone: queries for it get
 * what any missing name gets (RFC 5155 §7.2.8), and it blocks no wildcard.
 */
function isHashedOwner(node: ZoneNode): boolean {
  if (node.children !== 0 || node.get(RRType.NSEC3) === undefined) return false;
  for (const rrset of node.rrsets)
    if (rrset.type !== RRType.NSEC3 && rrset.type !== RRType.RRSIG) return false;
  return true;
}
