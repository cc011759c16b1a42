import { Name, Rcode, RRClass, RRType } from '@shoal/dns-wire';
import type { UpdateRecord } from '@shoal/events';
import type { CurrentRRset } from './change-plan.js';
import { type RRsetChange, rdataKey, UNSTORABLE } from './rrset-input.js';

/**
 * DNS UPDATE (RFC 2136) as a plan: the prerequisites checked against the zone's RRsets at the
 * names they concern, then the update section turned into RRset replacements and deletions
 * for planChangeSet. Pure: the caller reads the RRsets at every owner named, and calls this
 * again if the zone moved before its append (ZoneWriter re-plans), so the check and the write
 * are one atomic step as §3.7 requires.
 */
export type UpdatePlan = { rcode: number; reason: string } | { changes: RRsetChange[] };

export interface ParsedUpdateRecord {
  owner: Name;
  type: number;
  rrClass: number;
  ttl: number;
  rdata: Uint8Array;
}

export function parseUpdateRecord(r: UpdateRecord): ParsedUpdateRecord {
  return { owner: Name.fromWire(r.owner), type: r.type, rrClass: r.rrClass, ttl: r.ttl, rdata: r.rdata };
}

const refuse = (rcode: number, reason: string): UpdatePlan => ({ rcode, reason });

/** The owners whose RRsets the plan needs, by key. */
export function ownersOf(records: readonly ParsedUpdateRecord[]): Name[] {
  const seen = new Map<string, Name>();
  for (const r of records) if (!seen.has(r.owner.key)) seen.set(r.owner.key, r.owner);
  return [...seen.values()];
}

/**
 * `rrsetsAt(owner)` gives every RRset at an owner named in either section. The zone's class is
 * IN (the only class the fleet serves).
 */
export function planUpdate(
  origin: Name,
  prerequisites: readonly ParsedUpdateRecord[],
  updates: readonly ParsedUpdateRecord[],
  rrsetsAt: (owner: Name) => readonly CurrentRRset[],
): UpdatePlan {
  // §3.2: prerequisites, in order; the first that fails decides the RCODE.
  const valueDependent = new Map<string, { owner: Name; type: number; rdatas: Uint8Array[] }>();
  for (const p of prerequisites) {
    if (!p.owner.isSubdomainOf(origin)) return refuse(Rcode.NOTZONE, `${p.owner} is outside ${origin}`);
    if (p.ttl !== 0) return refuse(Rcode.FORMERR, 'a prerequisite has a TTL other than 0');
    const here = rrsetsAt(p.owner);
    if (p.rrClass === RRClass.ANY) {
      if (p.rdata.length !== 0) return refuse(Rcode.FORMERR, 'a prerequisite of class ANY has RDATA');
      if (p.type === RRType.ANY) {
        if (here.length === 0) return refuse(Rcode.NXDOMAIN, `${p.owner} is not in use`);
      } else if (!here.some((s) => s.type === p.type)) {
        return refuse(Rcode.NXRRSET, `${p.owner} has no ${p.type} RRset`);
      }
    } else if (p.rrClass === RRClass.NONE) {
      if (p.rdata.length !== 0) return refuse(Rcode.FORMERR, 'a prerequisite of class NONE has RDATA');
      if (p.type === RRType.ANY) {
        if (here.length > 0) return refuse(Rcode.YXDOMAIN, `${p.owner} is in use`);
      } else if (here.some((s) => s.type === p.type)) {
        return refuse(Rcode.YXRRSET, `${p.owner} has a ${p.type} RRset`);
      }
    } else if (p.rrClass === RRClass.IN) {
      // §3.2.3: RRset exists (value dependent): gathered, then compared as whole RRsets.
      const id = `${p.owner.key}/${p.type}`;
      const entry = valueDependent.get(id) ?? { owner: p.owner, type: p.type, rdatas: [] };
      entry.rdatas.push(p.rdata);
      valueDependent.set(id, entry);
    } else {
      return refuse(Rcode.FORMERR, `a prerequisite has class ${p.rrClass}`);
    }
  }
  for (const { owner, type, rdatas } of valueDependent.values()) {
    const current = rrsetsAt(owner).find((s) => s.type === type);
    const want = new Set(rdatas.map((r) => rdataKey(type, r)));
    const have = new Set((current?.rdatas ?? []).map((r) => rdataKey(type, r)));
    if (want.size !== have.size || [...want].some((k) => !have.has(k)))
      return refuse(Rcode.NXRRSET, `${owner} ${type} is not the RRset the prerequisite gives`);
  }

  // §3.4.1: the prescan, so that nothing is applied when any update is malformed.
  for (const u of updates) {
    if (!u.owner.isSubdomainOf(origin)) return refuse(Rcode.NOTZONE, `${u.owner} is outside ${origin}`);
    if (u.rrClass === RRClass.IN) {
      if (u.type === RRType.ANY || UNSTORABLE.has(u.type))
        return refuse(Rcode.FORMERR, `type ${u.type} cannot be added`);
    } else if (u.rrClass === RRClass.ANY) {
      if (u.ttl !== 0 || u.rdata.length !== 0)
        return refuse(Rcode.FORMERR, 'a delete of class ANY has a TTL or RDATA');
      if (u.type !== RRType.ANY && UNSTORABLE.has(u.type))
        return refuse(Rcode.FORMERR, `type ${u.type} in a delete`);
    } else if (u.rrClass === RRClass.NONE) {
      if (u.ttl !== 0) return refuse(Rcode.FORMERR, 'a delete of class NONE has a TTL');
      if (u.type === RRType.ANY || UNSTORABLE.has(u.type))
        return refuse(Rcode.FORMERR, `type ${u.type} in a delete`);
    } else {
      return refuse(Rcode.FORMERR, `an update has class ${u.rrClass}`);
    }
  }

  // §3.4.2: the updates in order, on a working copy of the RRsets they touch.
  const work = new Map<string, { owner: Name; type: number; ttl: number; rdatas: Uint8Array[] }>();
  const id = (owner: Name, type: number) => `${owner.key}/${type}`;
  const load = (owner: Name) => {
    for (const s of rrsetsAt(owner)) {
      if (!work.has(id(owner, s.type)))
        work.set(id(owner, s.type), { owner: s.owner, type: s.type, ttl: s.ttl, rdatas: [...s.rdatas] });
    }
  };
  const touched = new Set<string>();
  const typesAt = (owner: Name) =>
    [...work.values()].filter((s) => s.owner.equals(owner) && s.rdatas.length > 0);
  for (const u of updates) {
    load(u.owner);
    const apex = u.owner.equals(origin);
    if (u.rrClass === RRClass.IN) {
      // The fleet owns the SOA: its serial follows the zone's policy (see the README).
      if (u.type === RRType.SOA) continue;
      const others = typesAt(u.owner);
      // §3.4.2.2: a CNAME beside other data, or data beside a CNAME, is ignored.
      if (u.type === RRType.CNAME && others.some((s) => s.type !== RRType.CNAME && !isDnssec(s.type)))
        continue;
      if (u.type !== RRType.CNAME && !isDnssec(u.type) && others.some((s) => s.type === RRType.CNAME))
        continue;
      const key = id(u.owner, u.type);
      const set = work.get(key) ?? { owner: u.owner, type: u.type, ttl: u.ttl, rdatas: [] };
      const k = rdataKey(u.type, u.rdata);
      // A CNAME RRset holds one record: a new one replaces it.
      if (u.type === RRType.CNAME) set.rdatas = [];
      if (!set.rdatas.some((r) => rdataKey(u.type, r) === k)) set.rdatas.push(u.rdata);
      // RFC 2181 §5.2: one TTL per RRset; the added record's sets it.
      set.ttl = u.ttl;
      work.set(key, set);
      touched.add(key);
    } else if (u.rrClass === RRClass.ANY) {
      for (const set of work.values()) {
        if (!set.owner.equals(u.owner)) continue;
        if (u.type !== RRType.ANY && set.type !== u.type) continue;
        // §3.4.2.3: the apex SOA and NS survive a delete of the name or of their RRset.
        if (apex && (set.type === RRType.SOA || set.type === RRType.NS)) continue;
        set.rdatas = [];
        touched.add(id(set.owner, set.type));
      }
    } else {
      const set = work.get(id(u.owner, u.type));
      if (!set || u.type === RRType.SOA) continue;
      const k = rdataKey(u.type, u.rdata);
      const left = set.rdatas.filter((r) => rdataKey(u.type, r) !== k);
      // §3.4.2.4: the apex keeps at least one NS.
      if (apex && u.type === RRType.NS && left.length === 0) continue;
      set.rdatas = left;
      touched.add(id(set.owner, set.type));
    }
  }
  const changes: RRsetChange[] = [];
  for (const key of touched) {
    const set = work.get(key)!;
    const before = rrsetsAt(set.owner).find((s) => s.type === set.type);
    if (set.rdatas.length === 0) {
      if (before) changes.push({ op: 'delete', owner: set.owner, type: set.type, field: 'update' });
    } else if (!before || !sameRRset(before, set)) {
      changes.push({
        op: 'replace',
        owner: set.owner,
        type: set.type,
        ttl: set.ttl,
        rdatas: set.rdatas,
        field: 'update',
      });
    }
  }
  return { changes };
}

function isDnssec(type: number): boolean {
  return type === RRType.RRSIG || type === RRType.NSEC || type === RRType.NSEC3;
}

function sameRRset(
  a: { type: number; ttl: number; rdatas: Uint8Array[] },
  b: { ttl: number; rdatas: Uint8Array[] },
) {
  if (a.ttl !== b.ttl || a.rdatas.length !== b.rdatas.length) return false;
  const keys = new Set(a.rdatas.map((r) => rdataKey(a.type, r)));
  return b.rdatas.every((r) => keys.has(rdataKey(a.type, r)));
}
