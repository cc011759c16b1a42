import { type Name, RRType } from '@shoal/dns-wire';
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
  /** The name does not exist; `closestEncloser` is its deepest existing ancestor (RFC 4592 §3.3.1). */
  | { kind: 'missing'; closestEncloser: ZoneNode };

/**
 * Walks from the apex down to `qname` one label at a time (RFC 1034 §4.3.2
 * step 3), stopping at the first zone cut or DNAME on the way. Because every
 * ancestor of an owner is a node, a missing label ends the walk at the
 * closest encloser.
 *
 * A DS query for the cut itself is answered by the parent (RFC 4035 §3.1.4.1),
 * so the cut at the query name is not a referral for DS.
 */
export function descend(zone: Zone, qname: Name, qtype: number): Descent {
  const below = qname.labelCount - zone.origin.labelCount;
  let node = zone.apex;
  for (let depth = 1; depth <= below; depth++) {
    if (node !== zone.apex && node.get(RRType.NS) !== undefined) return { kind: 'delegation', cut: node };
    if (node.get(RRType.DNAME) !== undefined) return { kind: 'dname', node };
    const child = zone.getNode(qname.ancestor(below - depth));
    if (child === undefined) return { kind: 'missing', closestEncloser: node };
    node = child;
  }
  if (node !== zone.apex && qtype !== RRType.DS && node.get(RRType.NS) !== undefined) {
    return { kind: 'delegation', cut: node };
  }
  return { kind: 'exact', node };
}
