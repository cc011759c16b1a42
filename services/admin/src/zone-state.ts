import { type Name, RRType } from '@shoal/dns-wire';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import type { CurrentRRset, ZoneState } from './change-plan.js';
import type { RRsetChange } from './rrset-input.js';

/** The types the rules look at beside the ones a change touches. */
const RULE_TYPES = [RRType.CNAME, RRType.DNAME, RRType.NS, RRType.DS];

/**
 * Reads what planChangeSet needs from the projection, with point reads wherever they suffice
 * (a batch of a thousand changes must not cost a thousand range scans):
 * - at each changed owner: the changed types and the ones the rules consult (CNAME, DNAME, NS,
 *   DS); every RRset only where a CNAME is being added (it must stand alone);
 * - at each ancestor up to the apex: its DNAME (nothing may live below one);
 * - at the apex: its SOA and the rule types;
 * - only when a change adds a DNAME: the names below it (one scan of the zone; that is rare).
 */
export async function loadZoneState(
  store: ZoneStore,
  meta: ZoneMeta,
  origin: Name,
  changes: readonly RRsetChange[],
): Promise<ZoneState> {
  const rrsetsAt = new Map<string, CurrentRRset[]>();
  const loaded = new Map<string, Set<number>>();
  const point = (owner: Name, types: Iterable<number>) => {
    const have = loaded.get(owner.key) ?? new Set<number>();
    loaded.set(owner.key, have);
    const list = rrsetsAt.get(owner.key) ?? [];
    rrsetsAt.set(owner.key, list);
    for (const type of types) {
      if (have.has(type)) continue;
      have.add(type);
      const set = store.getRRset(meta, owner, type);
      if (set) list.push(set);
    }
  };
  const whole = new Set<string>();
  point(origin, [RRType.SOA, ...RULE_TYPES]);
  const typesAt = new Map<string, { owner: Name; types: Set<number> }>();
  for (const c of changes) {
    const entry = typesAt.get(c.owner.key) ?? { owner: c.owner, types: new Set<number>() };
    entry.types.add(c.type);
    typesAt.set(c.owner.key, entry);
    if (c.op === 'replace' && c.type === RRType.CNAME) whole.add(c.owner.key);
  }
  for (const { owner, types } of typesAt.values()) {
    if (whole.has(owner.key)) {
      const all = await store.rrsetsAt(meta, owner);
      rrsetsAt.set(owner.key, all);
      loaded.set(owner.key, new Set(all.map((s) => s.type)));
      // Everything is known here: mark the rule types as read so point() adds nothing twice.
      for (const t of [...types, ...RULE_TYPES]) loaded.get(owner.key)!.add(t);
    } else point(owner, [...types, ...RULE_TYPES]);
    for (let a = owner; a.labelCount > origin.labelCount; ) {
      a = a.parent();
      point(a, [RRType.DNAME]);
    }
  }
  const newDnames = changes.filter(
    (c) =>
      c.op === 'replace' &&
      c.type === RRType.DNAME &&
      !rrsetsAt.get(c.owner.key)?.some((s) => s.type === RRType.DNAME),
  );
  if (newDnames.length === 0) return { origin, serialPolicy: meta.settings.serialPolicy, rrsetsAt };
  const below = new Map<string, { owner: Name; type: number }[]>();
  for await (const set of store.rrsets(meta)) {
    for (const d of newDnames) {
      if (!set.owner.equals(d.owner) && set.owner.isSubdomainOf(d.owner)) {
        const list = below.get(d.owner.key) ?? [];
        list.push({ owner: set.owner, type: set.type });
        below.set(d.owner.key, list);
      }
    }
  }
  return { origin, serialPolicy: meta.settings.serialPolicy, rrsetsAt, below };
}
