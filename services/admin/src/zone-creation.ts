import { Name, RRClass, RRType, rdataFromText, withSoaSerial } from '@shoal/dns-wire';
import type { Record as EventRecord, SerialPolicy } from '@shoal/events';
import { type ParsedRRsetInput, parseRRsetInput, planChangeSet, type RRsetChange } from './change-plan.js';
import { ValidationError, type Violation } from './errors.js';
import { initialSerial } from './serial-policy.js';

export const DEFAULT_SOA_TTL = 3600;
export const DEFAULT_NS_TTL = 3600;

/** Parses a zone name given by an operator ('example.test' or 'example.test.'). */
export function parseZoneName(text: string): Name {
  if (text.trim() === '') throw new ValidationError([{ field: 'name', rule: 'bad-name', message: 'zone name is empty' }]);
  try {
    return Name.parse(text.endsWith('.') ? text : `${text}.`);
  } catch (e) {
    throw new ValidationError([{ field: 'name', rule: 'bad-name', message: (e as Error).message }]);
  }
}

/**
 * The initial records of a new zone. Without an SOA in the request one is made in the style
 * of PowerDNS's API defaults (ns1.<zone> hostmaster.<zone>, refresh 10800, retry 3600, expire
 * 604800, minimum 3600); its serial comes from the serial policy. Nameservers given apart
 * from the RRsets become the apex NS RRset, as in PowerDNS's "nameservers" field.
 */
export function planZoneCreation(
  origin: Name,
  rrsets: ParsedRRsetInput[],
  nameservers: string[],
  serialPolicy: SerialPolicy,
  now: Date,
): EventRecord[] {
  const violations: Violation[] = [];
  const changes: RRsetChange[] = [];
  rrsets.forEach((input, i) => {
    const change = parseRRsetInput(origin, input, `rrsets[${i}]`, 'replace', violations);
    if (change && change.op === 'replace') changes.push(change);
  });
  const hasSoa = changes.some((c) => c.type === RRType.SOA && c.owner.equals(origin));
  const hasNs = changes.some((c) => c.type === RRType.NS && c.owner.equals(origin));
  if (nameservers.length && hasNs) {
    violations.push({ field: 'nameservers', rule: 'ns-twice', message: 'give the apex NS either as nameservers or as an RRset, not both' });
  }
  if (violations.length) throw new ValidationError(violations);
  const serial = initialSerial(serialPolicy, now);
  if (!hasSoa) {
    const soaText = `ns1.${origin} hostmaster.${origin} ${serial} 10800 3600 604800 3600`.replaceAll('..', '.');
    changes.unshift({ op: 'replace', owner: origin, type: RRType.SOA, ttl: DEFAULT_SOA_TTL, rdatas: [rdataFromText(RRType.SOA, soaText, origin)], field: 'soa' });
  }
  if (nameservers.length) {
    const ns: Uint8Array[] = [];
    nameservers.forEach((text, i) => {
      try {
        ns.push(rdataFromText(RRType.NS, text.endsWith('.') ? text : `${text}.`, origin));
      } catch (e) {
        violations.push({ field: `nameservers[${i}]`, rule: 'bad-rdata', message: (e as Error).message });
      }
    });
    changes.push({ op: 'replace', owner: origin, type: RRType.NS, ttl: DEFAULT_NS_TTL, rdatas: ns, field: 'nameservers' });
  }
  if (violations.length) throw new ValidationError(violations);
  // Run the same rules as for a change, against an empty zone holding only the SOA.
  const soaChange = changes.find((c) => c.type === RRType.SOA) as Extract<RRsetChange, { op: 'replace' }>;
  const empty = new Map([[origin.key, [{ owner: origin, type: RRType.SOA, ttl: soaChange.ttl, rdatas: soaChange.rdatas }]]]);
  planChangeSet({ origin, serial: 0, serialPolicy, rrsetsAt: empty }, changes.filter((c) => c.type !== RRType.SOA), now);
  const records: EventRecord[] = [];
  for (const c of changes) {
    if (c.op !== 'replace') continue;
    for (const r of c.rdatas) {
      const rdata = c.type === RRType.SOA && !hasSoa ? withSoaSerial(r, serial) : r;
      records.push({ owner: c.owner.toWire(), type: c.type, class: RRClass.IN, ttl: c.ttl, rdata });
    }
  }
  return records;
}
