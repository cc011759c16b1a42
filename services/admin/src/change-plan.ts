import { type Name, RRClass, RRType, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord, SerialPolicy } from '@shoal/events';
import { ValidationError, type Violation } from './errors.js';
import { type RRsetChange, rdataKey } from './rrset-input.js';
import { nextSerial, serialGreater } from './serial-policy.js';
import { checkOwner, type OwnerTypes } from './zone-rules.js';

export { type ParsedRRsetInput, parseRRsetInput, type RRsetChange } from './rrset-input.js';

/** An RRset as stored: what the plan reads of the zone's current state. */
export interface CurrentRRset {
  owner: Name;
  type: number;
  ttl: number;
  rdatas: Uint8Array[];
}

/** What the plan needs to know of the zone now. */
export interface ZoneState {
  origin: Name;
  serialPolicy: SerialPolicy;
  /**
   * Every RRset at each owner the changes touch, at each of their ancestors up to the apex, and
   * at the apex (keyed by Name.key). Owners missing here are taken to be empty.
   */
  rrsetsAt: Map<string, CurrentRRset[]>;
  /** For owners that get a DNAME: the RRsets the zone holds strictly below them. */
  below?: Map<string, { owner: Name; type: number }[]>;
}

function record(owner: Name, type: number, ttl: number, rdata: Uint8Array): EventRecord {
  return { owner: owner.toWire(), type, class: RRClass.IN, ttl, rdata };
}

function sameRRset(a: CurrentRRset | undefined, ttl: number, rdatas: Uint8Array[], type: number): boolean {
  if (!a || a.ttl !== ttl || a.rdatas.length !== rdatas.length) return false;
  const keys = new Set(a.rdatas.map((r) => rdataKey(type, r)));
  return rdatas.every((r) => keys.has(rdataKey(type, r)));
}

/**
 * Checks a set of RRset changes against the zone and turns them into one ChangeSet in IXFR
 * shape (RFC 1995 §4): the old SOA first among the removed records, the new SOA first among
 * the added. Every rule is checked on the zone as it would be after ALL the changes, so a
 * request may, say, delete an A RRset and add a CNAME at the same name. Throws
 * ValidationError listing every violation; returns undefined when nothing would change.
 */
export function planChangeSet(state: ZoneState, changes: RRsetChange[], now: Date): ChangeSet | undefined {
  const violations: Violation[] = [];
  const apex = state.origin;
  const after = new Map<string, OwnerTypes>();
  const afterOf = (owner: Name): OwnerTypes => {
    let types = after.get(owner.key);
    if (!types) {
      types = new Map();
      for (const s of state.rrsetsAt.get(owner.key) ?? [])
        types.set(s.type, { ttl: s.ttl, rdatas: s.rdatas });
      after.set(owner.key, types);
    }
    return types;
  };
  const touched = new Map<string, { owner: Name; field: string }>();
  const seen = new Set<string>();
  let userSoa: Uint8Array | undefined;
  let userSoaTtl = 0;
  for (const change of changes) {
    const at = (rule: string, message: string) => violations.push({ field: change.field, rule, message });
    const id = `${change.owner.key}/${change.type}`;
    if (seen.has(id)) {
      at('duplicate-change', `${change.owner} type ${change.type} is changed twice in one request`);
      continue;
    }
    seen.add(id);
    if (!touched.has(change.owner.key))
      touched.set(change.owner.key, { owner: change.owner, field: change.field });
    const types = afterOf(change.owner);
    const isApex = change.owner.equals(apex);
    if (change.type === RRType.SOA) {
      if (!isApex) at('soa-not-at-apex', 'SOA is only allowed at the zone apex');
      else if (change.op === 'delete') at('soa-required', 'the SOA of a zone cannot be deleted');
      else if (change.rdatas.length !== 1) at('soa-singleton', 'a zone has exactly one SOA record');
      else {
        userSoa = change.rdatas[0];
        userSoaTtl = change.ttl;
      }
      continue;
    }
    if (change.op === 'delete') {
      if (change.type === RRType.NS && isApex)
        at('apex-ns-required', 'the NS RRset at the apex cannot be deleted');
      else types.delete(change.type);
      continue;
    }
    if ((change.type === RRType.CNAME || change.type === RRType.DNAME) && change.rdatas.length > 1) {
      at('singleton', `a ${change.type === RRType.CNAME ? 'CNAME' : 'DNAME'} RRset holds one record`);
    }
    if (change.type === RRType.CNAME && isApex) {
      at('cname-at-apex', 'a CNAME cannot be at the zone apex (it would sit beside SOA and NS)');
    }
    types.set(change.type, { ttl: change.ttl, rdatas: change.rdatas });
  }
  for (const { owner, field } of touched.values())
    checkOwner(apex, owner, after.get(owner.key)!, field, violations);
  checkDnameOcclusion(state, touched, after, violations);
  if (violations.length) throw new ValidationError(violations);
  return buildChangeSet(state, changes, userSoa, userSoaTtl, now);
}

/**
 * RFC 6672 §2.3: no data may exist below a DNAME's owner. Checked both ways: a new name must
 * not be under a DNAME, and a new DNAME must not sit above existing names.
 */
function checkDnameOcclusion(
  state: ZoneState,
  touched: Map<string, { owner: Name; field: string }>,
  after: Map<string, OwnerTypes>,
  violations: Violation[],
): void {
  // Only the touched owners and their ancestors matter: look there, not at the whole zone.
  const hasDname = (owner: Name) =>
    after.get(owner.key)?.has(RRType.DNAME) ??
    state.rrsetsAt.get(owner.key)?.some((s) => s.type === RRType.DNAME) ??
    false;
  const apexLabels = state.origin.labelCount;
  for (const { owner, field } of touched.values()) {
    const types = after.get(owner.key)!;
    if (types.size === 0) continue;
    for (let a = owner; a.labelCount > apexLabels; ) {
      a = a.parent();
      if (hasDname(a)) {
        violations.push({
          field,
          rule: 'below-dname',
          message: `${owner} is below the DNAME at ${a} (RFC 6672 §2.3)`,
        });
        break;
      }
    }
    if (!types.has(RRType.DNAME)) continue;
    const occluded = (state.below?.get(owner.key) ?? []).filter(
      (d) => after.get(d.owner.key)?.has(d.type) ?? true,
    );
    // Names this same request adds below the new DNAME are caught above, from their side.
    if (occluded.length) {
      const names = [...new Set(occluded.map((d) => d.owner.toString()))];
      violations.push({
        field,
        rule: 'dname-occludes',
        message: `a DNAME at ${owner} would hide existing names below it (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`,
      });
    }
  }
}

function buildChangeSet(
  state: ZoneState,
  changes: RRsetChange[],
  userSoa: Uint8Array | undefined,
  userSoaTtl: number,
  now: Date,
): ChangeSet | undefined {
  const apex = state.origin;
  const removed: EventRecord[] = [];
  const added: EventRecord[] = [];
  for (const change of changes) {
    if (change.type === RRType.SOA) continue;
    const current = state.rrsetsAt.get(change.owner.key)?.find((s) => s.type === change.type);
    if (change.op === 'replace' && sameRRset(current, change.ttl, change.rdatas, change.type)) continue;
    if (current)
      for (const r of current.rdatas) removed.push(record(current.owner, change.type, current.ttl, r));
    if (change.op === 'replace')
      for (const r of change.rdatas) added.push(record(change.owner, change.type, change.ttl, r));
  }
  const currentSoa = state.rrsetsAt.get(apex.key)?.find((s) => s.type === RRType.SOA);
  if (!currentSoa)
    throw new ValidationError([{ field: 'zone', rule: 'soa-required', message: 'zone has no SOA' }]);
  const fromSerial = soaSerial(currentSoa.rdatas[0]);
  // An SOA that differs only by an older serial (a re-imported file, say) changes nothing.
  const soaChanged =
    userSoa !== undefined &&
    (serialGreater(soaSerial(userSoa), fromSerial) ||
      !sameRRset(currentSoa, userSoaTtl, [withSoaSerial(userSoa, fromSerial)], RRType.SOA));
  if (removed.length === 0 && added.length === 0 && !soaChanged) return undefined;

  let toSerial = nextSerial(state.serialPolicy, fromSerial, now);
  // An operator-given serial that moves forward wins over the policy (e.g. a zone file's own).
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
