import { RRType, rdataNames } from '@shoal/dns-wire';
import { addAddresses } from './additional.js';
import type { Additional, Placed } from './outcome.js';
import type { Zone } from './zone.js';
import type { ZoneNode } from './zone-node.js';

export interface Referral {
  ns: Placed;
  glue: Additional[];
}

/**
 * The referral for the zone cut at `cut` (RFC 1034 §4.3.2 step 3b): its NS
 * RRset for the authority section and the addresses of the name servers that
 * lie in this zone. Glue below the cut is in-domain glue and required (RFC
 * 9471 §2.1, §3); addresses elsewhere in the zone, including glue under a
 * sibling delegation, are added too (PowerDNS does) but may be left out when
 * space runs short.
 */
export function referral(zone: Zone, cut: ZoneNode): Referral {
  const nsSet = cut.get(RRType.NS)!;
  const ns: Placed = { owner: cut.name, rrset: nsSet, node: cut };
  const glue: Additional[] = [];
  const seen = new Set<string>();
  for (const rdata of nsSet.rdatas()) {
    for (const target of rdataNames(RRType.NS, rdata)) {
      addAddresses(zone, target, seen, [], glue, (name) => name.isSubdomainOf(cut.name));
    }
  }
  return { ns, glue };
}
