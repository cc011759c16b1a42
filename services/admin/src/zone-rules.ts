import { type Name, RRType, rdataNames } from '@shoal/dns-wire';
import type { Violation } from './errors.js';

/** The records of one RRset as the rules see them. */
export interface RRsetData {
  ttl: number;
  rdatas: Uint8Array[];
}

/** Every RRset at one owner, by type. */
export type OwnerTypes = Map<number, RRsetData>;

/**
 * Types allowed beside a CNAME at the same owner: the DNSSEC records that sign and deny it
 * (RFC 2181 §10.1, RFC 4035 §2.5).
 */
const BESIDE_CNAME = new Set<number>([RRType.CNAME, RRType.RRSIG, RRType.NSEC]);

/**
 * The rules one owner name must satisfy once a change is applied, given all its RRsets.
 * Collects every violation; `field` says which part of the request caused them.
 */
export function checkOwner(
  apex: Name,
  owner: Name,
  types: OwnerTypes,
  field: string,
  violations: Violation[],
): void {
  if (types.size === 0) return;
  const isApex = owner.equals(apex);
  const at = (rule: string, message: string) => violations.push({ field, rule, message });
  if (types.has(RRType.CNAME)) {
    if ([...types.keys()].some((t) => !BESIDE_CNAME.has(t))) {
      at('cname-beside-data', `${owner} would have a CNAME beside other data (RFC 1034 §3.6.2)`);
    }
    for (const rdata of types.get(RRType.CNAME)!.rdatas) {
      if (rdataNames(RRType.CNAME, rdata)[0]?.equals(owner))
        at('cname-loop', `the CNAME at ${owner} points to itself`);
    }
  }
  if (types.has(RRType.DNAME)) {
    if (!isApex && types.has(RRType.NS)) {
      at(
        'dname-beside-ns',
        `${owner}: a DNAME cannot share its owner with an NS RRset below the apex (RFC 6672 §2.3)`,
      );
    }
    if (owner.isWildcard())
      at('wildcard-dname', `${owner}: a DNAME cannot be owned by a wildcard (RFC 4592 §4.4)`);
    for (const rdata of types.get(RRType.DNAME)!.rdatas) {
      const target = rdataNames(RRType.DNAME, rdata)[0];
      if (target?.isSubdomainOf(owner)) {
        at(
          'dname-loop',
          `the DNAME at ${owner} points into its own subtree (${target}): every expansion would loop`,
        );
      }
    }
  }
  if (types.has(RRType.NS) && owner.isWildcard()) {
    at('wildcard-ns', `${owner}: an NS RRset cannot be owned by a wildcard (RFC 4592 §4.2)`);
  }
  if (types.has(RRType.DS)) {
    if (isApex) at('ds-at-apex', `${owner}: DS records of a zone belong in its parent zone (RFC 4035 §2.4)`);
    else if (!types.has(RRType.NS)) {
      at('ds-without-ns', `${owner}: DS is only allowed at a delegation point, beside NS (RFC 4035 §2.4)`);
    }
  }
}
