import { type Name, RRType, rdataNames } from '@shoal/dns-wire';
import { nameKey } from './name-key.js';
import type { Additional, Placed } from './outcome.js';
import type { Zone } from './zone.js';

/** Types whose targets get their addresses in the additional section (RFC 1035 §3.3.9, §3.3.11; RFC 2782). */
const WITH_TARGETS = new Set<number>([RRType.NS, RRType.MX, RRType.SRV]);

/**
 * Addresses (A, then AAAA) of the NS, MX and SRV targets in `answer`, taken
 * from `zone` only: data of other zones served here is not added, as
 * PowerDNS does. The lookup is a plain node read, so glue below a cut is used
 * and wildcards are not expanded.
 */
export function additionalFor(zone: Zone, answer: readonly Placed[]): Additional[] {
  const out: Additional[] = [];
  const seen = new Set<string>();
  for (const placed of answer) {
    if (!WITH_TARGETS.has(placed.rrset.type)) continue;
    for (const rdata of placed.rrset.rdatas()) {
      for (const target of rdataNames(placed.rrset.type, rdata)) {
        addAddresses(zone, target, seen, answer, out, () => false);
      }
    }
  }
  return out;
}

/**
 * Looks up the A and AAAA RRsets of `target` in `zone` and appends those not
 * already present. `required` decides, per target, whether the reply must be
 * truncated when they do not fit.
 */
export function addAddresses(
  zone: Zone,
  target: Name,
  seen: Set<string>,
  answer: readonly Placed[],
  out: Additional[],
  required: (target: Name) => boolean,
): void {
  const key = nameKey(target);
  if (seen.has(key) || !target.isSubdomainOf(zone.origin)) return;
  seen.add(key);
  const node = zone.getNodeByKey(key);
  if (node === undefined) return;
  let owner: Name | undefined;
  for (const type of [RRType.A, RRType.AAAA]) {
    const rrset = node.get(type);
    if (rrset === undefined || answer.some((placed) => placed.rrset === rrset)) continue;
    owner ??= node.name;
    out.push({ owner, rrset, node, required: required(target) });
  }
}
