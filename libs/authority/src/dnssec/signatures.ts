import { type ResourceRecord, RRClass, RRType } from '@shoal/dns-wire';
import type { Placed } from '../outcome.js';

/**
 * The RRSIG records that go beside `placed` (RFC 4035 §3.1.1): those stored at its node that
 * cover its type, under the owner the RRset is written with (the query name for a wildcard
 * answer, whose RRSIG's labels field tells validators so, §3.1.3.3) and with its TTL.
 */
export function signaturesFor(placed: Placed, rrClass: number = RRClass.IN): ResourceRecord[] {
  const sigs = placed.node?.get(RRType.RRSIG);
  if (sigs === undefined) return [];
  const type = placed.rrset.type;
  const ttl = placed.ttl ?? placed.rrset.ttl;
  const out: ResourceRecord[] = [];
  for (const rdata of sigs.rdatas()) {
    if (((rdata[0] << 8) | rdata[1]) === type) {
      out.push({ name: placed.owner, type: RRType.RRSIG, class: rrClass, ttl, rdata });
    }
  }
  return out;
}
