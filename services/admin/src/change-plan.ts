import { canonicalRdata, Name, RRClass, RRType, rdataFromText, rrTypeFromString, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord, SerialPolicy } from '@shoal/events';
import { ValidationError, type Violation } from './errors.js';
import { nextSerial, serialGreater } from './serial-policy.js';

/** An RRset as stored: what the plan reads of the zone's current state. */
export interface CurrentRRset {
  owner: Name;
  type: number;
  ttl: number;
  rdatas: Uint8Array[];
}

/** One requested change, already parsed. No rdatas on 'replace' means delete. */
export type RRsetChange =
  | { op: 'replace'; owner: Name; type: number; ttl: number; rdatas: Uint8Array[]; field: string }
  | { op: 'delete'; owner: Name; type: number; field: string };

/** What the plan needs to know of the zone now. */
export interface ZoneState {
  origin: Name;
  serial: number;
  serialPolicy: SerialPolicy;
  /** Every RRset at each owner the changes touch (keyed by Name.key). */
  rrsetsAt: Map<string, CurrentRRset[]>;
}

/** Types that may not be stored: meta and query types (RFC 6895 §3.1). */
const UNSTORABLE = new Set<number>([RRType.OPT, RRType.TSIG, RRType.TKEY, RRType.IXFR, RRType.AXFR, RRType.ANY, 0, 253, 254]);
/** Types allowed beside a CNAME at the same owner (RFC 4035 §2.5, RFC 2181 §10.1). */
const BESIDE_CNAME = new Set<number>([RRType.CNAME, RRType.RRSIG, RRType.NSEC]);
const MAX_TTL = 0x7fff_ffff; // RFC 2181 §8

export interface ParsedRRsetInput {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

/** Turns operator text into a change, collecting every violation instead of stopping at the first. */
export function parseRRsetInput(
  origin: Name,
  input: ParsedRRsetInput,
  field: string,
  op: 'replace' | 'delete',
  violations: Violation[],
): RRsetChange | undefined {
  let owner: Name;
  try {
    owner = input.name === '' || input.name === '@' ? origin : Name.parse(input.name, origin);
  } catch (e) {
    violations.push({ field: `${field}.name`, rule: 'bad-name', message: (e as Error).message });
    return undefined;
  }
  if (!owner.isSubdomainOf(origin)) {
    violations.push({ field: `${field}.name`, rule: 'out-of-zone', message: `${owner} is not in zone ${origin}` });
    return undefined;
  }
  let type: number;
  try {
    type = rrTypeFromString(input.type);
  } catch (e) {
    violations.push({ field: `${field}.type`, rule: 'bad-type', message: (e as Error).message });
    return undefined;
  }
  if (UNSTORABLE.has(type)) {
    violations.push({ field: `${field}.type`, rule: 'bad-type', message: `type ${input.type} cannot be stored in a zone` });
    return undefined;
  }
  if (op === 'delete' || input.records.length === 0) return { op: 'delete', owner, type, field };
  if (!Number.isInteger(input.ttl) || input.ttl < 0 || input.ttl > MAX_TTL) {
    violations.push({ field: `${field}.ttl`, rule: 'ttl-range', message: `TTL ${input.ttl} is outside 0..${MAX_TTL}` });
  }
  const rdatas: Uint8Array[] = [];
  const seen = new Set<string>();
  input.records.forEach((text, i) => {
    try {
      const rdata = rdataFromText(type, text, origin);
      const key = Buffer.from(canonicalRdata(type, rdata)).toString('latin1');
      if (seen.has(key)) {
        violations.push({ field: `${field}.records[${i}]`, rule: 'duplicate-record', message: `duplicate record ${JSON.stringify(text)}` });
      }
      seen.add(key);
      rdatas.push(rdata);
    } catch (e) {
      violations.push({ field: `${field}.records[${i}]`, rule: 'bad-rdata', message: `${input.type} ${JSON.stringify(text)}: ${(e as Error).message}` });
    }
  });
  return { op: 'replace', owner, type, ttl: input.ttl, rdatas, field };
}

function record(owner: Name, type: number, ttl: number, rdata: Uint8Array): EventRecord {
  return { owner: owner.toWire(), type, class: RRClass.IN, ttl, rdata };
}

function sameRRset(a: CurrentRRset | undefined, ttl: number, rdatas: Uint8Array[], type: number): boolean {
  if (!a || a.ttl !== ttl || a.rdatas.length !== rdatas.length) return false;
  const keys = new Set(a.rdatas.map((r) => Buffer.from(canonicalRdata(type, r)).toString('latin1')));
  return rdatas.every((r) => keys.has(Buffer.from(canonicalRdata(type, r)).toString('latin1')));
}

/**
 * Checks a set of RRset changes against the zone and turns them into one ChangeSet in IXFR
 * shape (RFC 1995 §4): the old SOA first among the removed records, the new SOA first among
 * the added. Returns undefined when the changes change nothing (no event is written).
 */
export function planChangeSet(state: ZoneState, changes: RRsetChange[], now: Date): ChangeSet | undefined {
  const violations: Violation[] = [];
  const apex = state.origin;
  // The state of every touched owner after the changes, to check co-existence rules.
  const after = new Map<string, Map<number, { ttl: number; rdatas: Uint8Array[] }>>();
  const ownerOf = new Map<string, Name>();
  const touched = new Set<string>();
  for (const [key, sets] of state.rrsetsAt) {
    const m = new Map<number, { ttl: number; rdatas: Uint8Array[] }>();
    for (const s of sets) m.set(s.type, { ttl: s.ttl, rdatas: s.rdatas });
    after.set(key, m);
  }
  let userSoa: Uint8Array | undefined;
  let userSoaTtl = 0;
  for (const change of changes) {
    const id = `${change.owner.key}/${change.type}`;
    if (touched.has(id)) {
      violations.push({ field: change.field, rule: 'duplicate-change', message: `${change.owner} ${change.type} is changed twice in one request` });
      continue;
    }
    touched.add(id);
    ownerOf.set(change.owner.key, change.owner);
    const atOwner = after.get(change.owner.key) ?? new Map();
    after.set(change.owner.key, atOwner);
    const isApex = change.owner.equals(apex);
    if (change.type === RRType.SOA) {
      if (!isApex) {
        violations.push({ field: change.field, rule: 'soa-not-at-apex', message: 'SOA is only allowed at the zone apex' });
        continue;
      }
      if (change.op === 'delete') {
        violations.push({ field: change.field, rule: 'soa-required', message: 'the SOA of a zone cannot be deleted' });
        continue;
      }
      if (change.rdatas.length !== 1) {
        violations.push({ field: change.field, rule: 'soa-singleton', message: 'a zone has exactly one SOA record' });
        continue;
      }
      userSoa = change.rdatas[0];
      userSoaTtl = change.ttl;
      continue;
    }
    if (change.op === 'delete') {
      if (change.type === RRType.NS && isApex) {
        violations.push({ field: change.field, rule: 'apex-ns-required', message: 'the NS RRset at the apex cannot be deleted' });
        continue;
      }
      atOwner.delete(change.type);
      continue;
    }
    if ((change.type === RRType.CNAME || change.type === RRType.DNAME) && change.rdatas.length > 1) {
      violations.push({ field: change.field, rule: 'singleton', message: `a ${change.type === RRType.CNAME ? 'CNAME' : 'DNAME'} RRset holds one record` });
    }
    if (change.type === RRType.CNAME && isApex) {
      violations.push({ field: change.field, rule: 'cname-at-apex', message: 'a CNAME cannot be at the zone apex (it would sit beside SOA and NS)' });
    }
    atOwner.set(change.type, { ttl: change.ttl, rdatas: change.rdatas });
  }
  for (const [key, types] of after) {
    if (!ownerOf.has(key)) continue;
    const owner = ownerOf.get(key)!;
    if (types.has(RRType.CNAME)) {
      const others = [...types.keys()].filter((t) => !BESIDE_CNAME.has(t));
      if (others.length > 0) {
        const field = changes.find((c) => c.owner.key === key)?.field ?? 'rrsets';
        violations.push({ field, rule: 'cname-beside-data', message: `${owner} would have a CNAME beside other data (RFC 1034 §3.6.2)` });
      }
    }
  }
  if (violations.length) throw new ValidationError(violations);

  const removed: EventRecord[] = [];
  const added: EventRecord[] = [];
  for (const change of changes) {
    if (change.type === RRType.SOA) continue;
    const current = state.rrsetsAt.get(change.owner.key)?.find((s) => s.type === change.type);
    if (change.op === 'replace' && sameRRset(current, change.ttl, change.rdatas, change.type)) continue;
    if (current) for (const r of current.rdatas) removed.push(record(current.owner, change.type, current.ttl, r));
    if (change.op === 'replace') for (const r of change.rdatas) added.push(record(change.owner, change.type, change.ttl, r));
  }
  const currentSoa = state.rrsetsAt.get(apex.key)?.find((s) => s.type === RRType.SOA);
  if (!currentSoa) throw new ValidationError([{ field: 'zone', rule: 'soa-required', message: 'zone has no SOA' }]);
  const soaChanged = userSoa !== undefined && !sameRRset(currentSoa, userSoaTtl, [userSoa], RRType.SOA);
  if (removed.length === 0 && added.length === 0 && !soaChanged) return undefined;

  const fromSerial = soaSerial(currentSoa.rdatas[0]);
  let toSerial = nextSerial(state.serialPolicy, fromSerial, now);
  if (userSoa && serialGreater(soaSerial(userSoa), fromSerial)) toSerial = soaSerial(userSoa);
  const newSoa = withSoaSerial(userSoa ?? currentSoa.rdatas[0], toSerial);
  const soaTtl = userSoa ? userSoaTtl : currentSoa.ttl;
  return {
    fromSerial,
    toSerial,
    removed: [record(currentSoa.owner, RRType.SOA, currentSoa.ttl, currentSoa.rdatas[0]), ...removed],
    added: [record(currentSoa.owner, RRType.SOA, soaTtl, newSoa), ...added],
  };
}
