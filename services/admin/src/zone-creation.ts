import { Name, RRClass, RRType, rdataFromText, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import type { Record as EventRecord, SerialPolicy } from '@shoal/events';
import { planChangeSet } from './change-plan.js';
import { ValidationError, type Violation } from './errors.js';
import { type ParsedRRsetInput, parseRRsetInput, type ReplaceChange } from './rrset-input.js';
import { initialSerial } from './serial-policy.js';

export const DEFAULT_SOA_TTL = 3600;
export const DEFAULT_NS_TTL = 3600;

/** Parses a zone name given by an operator ('example.test' or 'example.test.'). */
export function parseZoneName(text: string): Name {
  if (text.trim() === '')
    throw new ValidationError([{ field: 'name', rule: 'bad-name', message: 'zone name is empty' }]);
  try {
    return Name.parse(text.endsWith('.') ? text : `${text}.`);
  } catch (e) {
    throw new ValidationError([{ field: 'name', rule: 'bad-name', message: (e as Error).message }]);
  }
}

export interface CreationDefaults {
  /** MNAME of the SOA made when none is given; default ns1.<zone>. */
  soaPrimary?: string;
}

/**
 * The initial records of a new zone. Without an SOA in the request one is made in the style
 * of PowerDNS's API defaults (<primary> hostmaster.<zone>, refresh 10800, retry 3600, expire
 * 604800, minimum 3600); its serial comes from the serial policy. Nameservers given apart
 * from the RRsets become the apex NS RRset, as in PowerDNS's "nameservers" field.
 */
export function planZoneCreation(
  origin: Name,
  rrsets: ParsedRRsetInput[],
  nameservers: string[],
  serialPolicy: SerialPolicy,
  now: Date,
  defaults: CreationDefaults = {},
): EventRecord[] {
  const violations: Violation[] = [];
  const changes: ReplaceChange[] = [];
  rrsets.forEach((input, i) => {
    const change = parseRRsetInput(origin, input, `rrsets[${i}]`, 'replace', violations);
    if (change && change.op === 'replace') changes.push(change);
  });
  const hasNs = changes.some((c) => c.type === RRType.NS && c.owner.equals(origin));
  if (nameservers.length && hasNs) {
    violations.push({
      field: 'nameservers',
      rule: 'ns-twice',
      message: 'give the apex NS either as nameservers or as an RRset, not both',
    });
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
    changes.push({
      op: 'replace',
      owner: origin,
      type: RRType.NS,
      ttl: DEFAULT_NS_TTL,
      rdatas: ns,
      field: 'nameservers',
    });
  }
  if (violations.length) throw new ValidationError(violations);
  return creationRecords(origin, changes, serialPolicy, now, defaults);
}

/**
 * The records of a new zone from already-parsed RRsets: the same rules as for a change,
 * checked against an empty zone that holds only the SOA.
 */
export function creationRecords(
  origin: Name,
  changes: ReplaceChange[],
  serialPolicy: SerialPolicy,
  now: Date,
  defaults: CreationDefaults = {},
): EventRecord[] {
  const serial = initialSerial(serialPolicy, now);
  let soa = changes.find((c) => c.type === RRType.SOA && c.owner.equals(origin));
  const all = [...changes];
  if (!soa) {
    const primary = defaults.soaPrimary ?? `ns1.${origin}`;
    const soaText = `${primary} hostmaster.${origin} ${serial} 10800 3600 604800 3600`.replaceAll('..', '.');
    const rdata = rdataFromText(RRType.SOA, soaText, origin);
    soa = {
      op: 'replace',
      owner: origin,
      type: RRType.SOA,
      ttl: DEFAULT_SOA_TTL,
      rdatas: [rdata],
      field: 'soa',
    };
    all.unshift(soa);
  } else if (soa.rdatas.length !== 1) {
    throw new ValidationError([
      { field: soa.field, rule: 'soa-singleton', message: 'a zone has exactly one SOA record' },
    ]);
  }
  const empty = new Map([
    [origin.key, [{ owner: origin, type: RRType.SOA, ttl: soa.ttl, rdatas: soa.rdatas }]],
  ]);
  planChangeSet(
    { origin, serialPolicy, rrsetsAt: empty },
    all.filter((c) => c.type !== RRType.SOA),
    now,
  );
  // An SOA given without a real serial (0) takes the policy's first one.
  const soaRdata =
    changes.includes(soa) && soaSerial(soa.rdatas[0]) !== 0
      ? soa.rdatas[0]
      : withSoaSerial(soa.rdatas[0], serial);
  const records: EventRecord[] = [];
  for (const c of all) {
    for (const r of c.rdatas) {
      records.push({
        owner: c.owner.toWire(),
        type: c.type,
        class: RRClass.IN,
        ttl: c.ttl,
        rdata: c === soa ? soaRdata : r,
      });
    }
  }
  return records;
}
