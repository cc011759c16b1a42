import { type Name, RRType, rdataNames } from '@shoal/dns-wire';
import { additionalFor } from './additional.js';
import { descend } from './closest-encloser.js';
import { referral } from './delegation.js';
import { type Substitution, substitute } from './dname.js';
import type { AncestorKeys } from './name-key.js';
import type { Additional, Placed, Proof } from './outcome.js';
import { sourceOfSynthesis } from './wildcard.js';
import type { Zone } from './zone.js';
import type { ZoneNode } from './zone-node.js';

/** What one zone says about one name, before chains are followed. */
export type Step = (
  | { kind: 'answer'; answer: Placed[]; additional: Additional[] }
  | { kind: 'cname'; cname: Placed; target: Name }
  | ({ kind: 'dname' } & Substitution)
  | { kind: 'nodata' }
  | { kind: 'nxdomain' }
  | { kind: 'delegation'; ns: Placed; glue: Additional[] }
) & { proof?: Proof };

/**
 * RFC 1034 §4.3.2 step 3 inside one zone: a referral at a cut, a DNAME
 * redirection, an exact match, a wildcard match (RFC 4592 §3.3), or a name
 * that does not exist.
 */
export function lookupInZone(zone: Zone, qname: Name, keys: AncestorKeys, qtype: number): Step {
  const descent = descend(zone, keys, qtype);
  switch (descent.kind) {
    case 'delegation':
      return {
        kind: 'delegation',
        ...referral(zone, descent.cut),
        proof: { kind: 'referral', zone, cut: descent.cut },
      };
    case 'dname':
      return { kind: 'dname', ...substitute(descent.node, qname) };
    case 'exact': {
      const step = matchNode(zone, descent.node, descent.node.name, qtype);
      if (step.kind === 'nodata') step.proof = { kind: 'nodata', zone, qname, node: descent.node };
      return step;
    }
    case 'missing': {
      const encloser = descent.closestEncloser;
      const wildcard = sourceOfSynthesis(zone, descent.key);
      if (wildcard === undefined)
        return { kind: 'nxdomain', proof: { kind: 'nxdomain', zone, qname, encloser } };
      // RFC 4592 §3.3.1: synthesised records take the query name as owner.
      const step = matchNode(zone, wildcard, qname, qtype);
      step.proof =
        step.kind === 'nodata'
          ? { kind: 'wildcard-nodata', zone, qname, encloser, wildcard }
          : { kind: 'wildcard', zone, qname, encloser };
      return step;
    }
  }
}

/**
 * Step 3a at a node that exists (or a wildcard standing in for one): the
 * RRset of the query type, else a CNAME to follow, else NODATA. QTYPE ANY
 * matches every RRset, a CNAME included, so it is not followed (RFC 1034
 * §3.7.1, §4.3.2); no RFC 8482 minimisation, as PowerDNS 4.7.
 */
function matchNode(zone: Zone, node: ZoneNode, owner: Name, qtype: number): Step {
  if (qtype === RRType.ANY) {
    // RRSIGs travel beside the RRsets they cover, and only with DO (RFC 4035 §3.1.1).
    const rrsets = node.rrsets.filter((rrset) => rrset.type !== RRType.RRSIG);
    if (rrsets.length === 0) return { kind: 'nodata' };
    const answer = rrsets.map((rrset) => ({ owner, rrset, node }));
    return { kind: 'answer', answer, additional: additionalFor(zone, answer) };
  }
  const rrset = node.get(qtype);
  if (rrset !== undefined) {
    const answer = [{ owner, rrset, node }];
    return { kind: 'answer', answer, additional: additionalFor(zone, answer) };
  }
  const cname = node.get(RRType.CNAME);
  if (cname !== undefined) {
    const [target] = rdataNames(RRType.CNAME, cname.rdatas()[0]);
    return { kind: 'cname', cname: { owner, rrset: cname, node }, target };
  }
  return { kind: 'nodata' };
}
