import { RRType } from '@shoal/dns-wire';
import { NSEC3_SHA1, type Nsec3Params } from '@shoal/dnssec';
import type { Zone } from '../zone.js';

const cache = new WeakMap<Zone, { revision: number; params: Nsec3Params | undefined }>();

/**
 * The zone's NSEC3 parameters, from the NSEC3PARAM at its apex (RFC 5155 §4): present means the
 * zone denies with NSEC3, hashing names with these. Undefined for an NSEC or unsigned zone, or
 * for a hash algorithm other than SHA-1 (none other is defined).
 */
export function nsec3ParamsOf(zone: Zone): Nsec3Params | undefined {
  const cached = cache.get(zone);
  if (cached !== undefined && cached.revision === zone.revision) return cached.params;
  const rdata = zone.apex.get(RRType.NSEC3PARAM)?.rdatas()[0];
  let params: Nsec3Params | undefined;
  if (rdata !== undefined && rdata.length >= 5 && rdata[0] === NSEC3_SHA1 && rdata.length >= 5 + rdata[4]) {
    params = {
      hashAlgorithm: rdata[0],
      iterations: (rdata[2] << 8) | rdata[3],
      salt: rdata.slice(5, 5 + rdata[4]),
    };
  }
  cache.set(zone, { revision: zone.revision, params });
  return params;
}
