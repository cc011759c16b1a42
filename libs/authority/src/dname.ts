import { Name, NameError, RRType, rdataNames } from '@shoal/dns-wire';
import type { Placed } from './outcome.js';
import { RRset } from './rrset.js';
import type { ZoneNode } from './zone-node.js';

export interface Substitution {
  dname: Placed;
  /** The CNAME from the query name to its substitute; undefined when that would exceed 255 octets. */
  cname?: Placed;
  target?: Name;
}

/**
 * DNAME substitution (RFC 6672 §2.2): the labels of `qname` below the DNAME
 * owner are put in front of the DNAME target, and a CNAME with the DNAME's
 * TTL is synthesised from the query name to the result (§3.1).
 */
export function substitute(node: ZoneNode, qname: Name): Substitution {
  const dnameSet = node.get(RRType.DNAME)!;
  const dname: Placed = { owner: node.name, rrset: dnameSet, node };
  const [dnameTarget] = rdataNames(RRType.DNAME, dnameSet.rdatas()[0]);
  const prefix = qname.labels.slice(0, qname.labelCount - node.name.labelCount);
  let target: Name;
  try {
    target = Name.fromLabels([...prefix, ...dnameTarget.labels]);
  } catch (error) {
    if (error instanceof NameError) return { dname };
    throw error;
  }
  const cname: Placed = { owner: qname, rrset: RRset.of(RRType.CNAME, dnameSet.ttl, [target.toWire()]) };
  return { dname, cname, target };
}
