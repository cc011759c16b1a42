import { type Question, RRType } from '@shoal/dns-wire';
import type { Catalog } from './catalog.js';
import { AncestorKeys, nameKey } from './name-key.js';
import { negativeSoa } from './negative.js';
import type { Outcome, Placed, Proof } from './outcome.js';
import type { Zone } from './zone.js';
import { lookupInZone } from './zone-lookup.js';

/**
 * CNAME and DNAME links followed before giving up with SERVFAIL. PowerDNS
 * follows ten; an eleventh is a failure, and so is a loop.
 */
export const MAX_CHAIN = 10;

/**
 * Resolves a question against every zone in `catalog` (RFC 1034 §4.3.2).
 * Pure: reads the zones, changes nothing. The class is not looked at; the
 * responder decides which classes reach here.
 *
 * Chains are followed into any zone served here, as PowerDNS does; the
 * response code is that of the last name in the chain (RFC 6604 §2).
 */
export function lookup(catalog: Catalog, question: Question): Outcome {
  const qtype = question.type;
  const chain: Placed[] = [];
  const zones: Zone[] = [];
  const proofs: Proof[] = [];
  const seen = new Set<string>();
  let links = 0;
  let qname = question.name;
  for (;;) {
    const keys = new AncestorKeys(qname);
    const zone = zoneFor(catalog, keys, qtype);
    if (zone === undefined) {
      return chain.length === 0 ? { kind: 'refused' } : { kind: 'out-of-zone', chain, zones, proofs };
    }
    if (!zones.includes(zone)) zones.push(zone);
    seen.add(keys.key);
    const step = lookupInZone(zone, qname, keys, qtype);
    if (step.proof !== undefined) proofs.push(step.proof);
    switch (step.kind) {
      case 'answer':
        return { kind: 'answer', chain, zones, proofs, answer: step.answer, additional: step.additional };
      case 'delegation':
        return { kind: 'delegation', chain, zones, proofs, ns: step.ns, glue: step.glue };
      case 'nodata':
      case 'nxdomain': {
        const soa = negativeSoa(zone);
        if (soa === undefined) return { kind: 'servfail', reason: 'zone-without-soa', chain, zones };
        return { kind: step.kind, chain, zones, proofs, soa };
      }
      case 'cname':
        chain.push(step.cname);
        qname = step.target;
        break;
      case 'dname':
        if (step.cname === undefined || step.target === undefined) {
          chain.push(step.dname);
          return { kind: 'yxdomain', chain, zones, proofs };
        }
        // The synthesised CNAME answers a CNAME query; anything else follows it.
        if (qtype === RRType.CNAME) {
          chain.push(step.dname);
          return { kind: 'answer', chain, zones, proofs, answer: [step.cname], additional: [] };
        }
        chain.push(step.dname, step.cname);
        qname = step.target;
        break;
    }
    // A synthesised CNAME rides with its DNAME and counts as one link.
    if (++links > MAX_CHAIN) return { kind: 'servfail', reason: 'chain-too-long', chain, zones };
    if (seen.has(nameKey(qname))) return { kind: 'servfail', reason: 'cname-loop', chain, zones };
  }
}

/**
 * The zone that answers for `qname`: the longest match, except that DS at the
 * apex of a zone belongs to the parent side of the cut (RFC 4035 §3.1.4.1),
 * so a parent served here answers it.
 */
function zoneFor(catalog: Catalog, qname: AncestorKeys, qtype: number): Zone | undefined {
  const zone = catalog.findZone(qname);
  if (zone === undefined || qtype !== RRType.DS || qname.labelCount === 0) return zone;
  if (zone.originLabels !== qname.labelCount) return zone;
  return catalog.findZone(qname.parent()) ?? zone;
}
