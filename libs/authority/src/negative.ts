import { soaMinimum } from '@shoal/dns-wire';
import type { Placed } from './outcome.js';
import type { Zone } from './zone.js';

/**
 * The SOA for the authority section of NXDOMAIN and NODATA answers, with the
 * negative-caching TTL of RFC 2308 §5: the lesser of the SOA's own TTL and its
 * MINIMUM field. Undefined when the zone has no SOA yet.
 */
export function negativeSoa(zone: Zone): Placed | undefined {
  const soa = zone.soa;
  if (soa === undefined) return undefined;
  const minimum = soaMinimum(soa.rdatas()[0]);
  return { owner: zone.apex.name, rrset: soa, ttl: Math.min(soa.ttl, minimum), node: zone.apex };
}
