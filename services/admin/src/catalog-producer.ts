import { createHash } from 'node:crypto';
import { Name, RRType, rdataToText } from '@shoal/dns-wire';
import { ZoneKind } from '@shoal/events';
import type { ProjectionEffect, ZoneMeta, ZoneStore } from '@shoal/projection';
import { ValidationError, type Violation } from './errors.js';
import { type ParsedRRsetInput, parseRRsetInput, type RRsetChange } from './rrset-input.js';

/**
 * Catalog zones, producer side (RFC 9432). A zone of kind PRODUCER is an ordinary zone of the
 * stream, served and transferred by every node; its member list is derived, not edited: every
 * zone whose settings name the catalog gets a `<unique>.zones` PTR to it. BIND, Knot and
 * PowerDNS secondaries that consume the catalog then add and remove those zones on their own.
 *
 * The list is reconciled, not written alongside each member's own event: a member's creation
 * and the catalog's change are two subjects and cannot be one append, so the admin brings the
 * catalog in line after every zone creation, deletion or settings change it projects (from any
 * writer: another admin, the bridge), and at intervals. The changes are "make this PTR be X"
 * and "remove this PTR", planned again at append time against the catalog's last sequence, so
 * two admins reconciling at once write the difference once.
 */

/** RFC 9432 §4.2.1: the schema version this producer writes. */
export const CATALOG_VERSION = '2';
/** TTLs in a catalog mean nothing to consumers (RFC 9432 §4); 0 as in the RFC's examples. */
const TTL = 0;

/**
 * The member's unique label (RFC 9432 §4.1): the SHA-1 of its name in lower-case wire form,
 * so every admin computes the same one, and it stays the same while the zone stays a member.
 */
export function memberLabel(zone: string): string {
  return createHash('sha1')
    .update(Name.parse(Name.parse(zone).key).toWire())
    .digest('hex');
}

/** The records a new catalog zone starts with besides its SOA: NS invalid. and the version. */
export function catalogApex(): { nameservers: string[]; rrsets: ParsedRRsetInput[] } {
  return {
    nameservers: ['invalid.'],
    rrsets: [{ name: 'version', type: 'TXT', ttl: TTL, records: [`"${CATALOG_VERSION}"`] }],
  };
}

export interface CatalogRRset {
  owner: Name;
  type: number;
  records: string[];
}

/**
 * The changes that make `catalog`'s member PTRs list exactly `members` (canonical zone names)
 * and its version TXT say "2", given its current RRsets. Other records (properties such as
 * `group`, RFC 9432 §4.4) are left alone. Pure.
 */
export function planCatalog(catalog: Name, current: readonly CatalogRRset[], members: readonly string[]) {
  const zones = Name.parse(`zones.${catalog.key}`);
  const version = Name.parse(`version.${catalog.key}`);
  const inputs: { op: 'replace' | 'delete'; input: ParsedRRsetInput }[] = [];
  const want = new Map(members.map((m) => [Name.parse(`${memberLabel(m)}.${zones.key}`).key, m]));
  const have = new Map<string, string[]>();
  for (const set of current) {
    if (
      set.type === RRType.PTR &&
      set.owner.labels.length === zones.labels.length + 1 &&
      set.owner.isSubdomainOf(zones)
    )
      have.set(set.owner.key, set.records);
  }
  for (const [owner, member] of want) {
    const records = have.get(owner);
    if (records?.length === 1 && Name.parse(records[0]).key === member) continue;
    inputs.push({ op: 'replace', input: { name: owner, type: 'PTR', ttl: TTL, records: [member] } });
  }
  for (const owner of have.keys()) {
    if (!want.has(owner))
      inputs.push({ op: 'delete', input: { name: owner, type: 'PTR', ttl: TTL, records: [] } });
  }
  const versionSet = current.find((s) => s.type === RRType.TXT && s.owner.equals(version));
  if (versionSet?.records.length !== 1 || versionSet.records[0] !== `"${CATALOG_VERSION}"`) {
    inputs.push({
      op: 'replace',
      input: { name: version.key, type: 'TXT', ttl: TTL, records: [`"${CATALOG_VERSION}"`] },
    });
  }
  const violations: Violation[] = [];
  const changes = inputs
    .map(({ op, input }, i) => parseRRsetInput(catalog, input, `catalog[${i}]`, op, violations))
    .filter((c): c is RRsetChange => c !== undefined);
  if (violations.length) throw new ValidationError(violations);
  return changes;
}

/** The zones that name `catalog` as theirs, by canonical name. */
export function membersOf(catalog: string, zones: readonly ZoneMeta[]): string[] {
  return zones
    .filter((z) => z.settings.catalog === catalog && z.name !== catalog)
    .map((z) => z.name)
    .sort();
}

/** True for the projected events that can change a catalog's member list. */
export function affectsCatalogs(effect: ProjectionEffect): boolean {
  // A consumed catalog's own changes are its member list.
  if (effect.kind === 'zone-updated')
    return effect.changeSet === undefined || effect.zone.settings.kind === ZoneKind.ZONE_KIND_CONSUMER;
  return effect.kind === 'zone-created' || effect.kind === 'zone-reset' || effect.kind === 'zone-deleted';
}

/** Every producer zone's current RRsets, as text. */
export async function catalogRRsets(store: ZoneStore, meta: ZoneMeta): Promise<CatalogRRset[]> {
  const out: CatalogRRset[] = [];
  for await (const set of store.rrsets(meta)) {
    out.push({ owner: set.owner, type: set.type, records: set.rdatas.map((r) => rdataToText(set.type, r)) });
  }
  return out;
}

export function isProducer(meta: ZoneMeta): boolean {
  return meta.settings.kind === ZoneKind.ZONE_KIND_PRODUCER;
}

export function isConsumer(meta: ZoneMeta): boolean {
  return meta.settings.kind === ZoneKind.ZONE_KIND_CONSUMER;
}

/**
 * The member zones a consumed catalog lists (RFC 9432 §4.3: the PTR targets under `zones`),
 * or undefined when it is not a catalog this consumer understands: no version "2" property
 * (§5.1: such a catalog must not be processed; a catalog not yet transferred has none either).
 */
export function listedMembers(catalog: Name, current: readonly CatalogRRset[]): string[] | undefined {
  const zones = Name.parse(`zones.${catalog.key}`);
  const version = Name.parse(`version.${catalog.key}`);
  const versionSet = current.find((s) => s.type === RRType.TXT && s.owner.equals(version));
  if (versionSet?.records.length !== 1 || versionSet.records[0] !== `"${CATALOG_VERSION}"`) return undefined;
  const members = new Set<string>();
  for (const set of current) {
    // §4.3.1: a member entry with more than one PTR is broken; it is left out.
    if (set.type !== RRType.PTR || set.records.length !== 1) continue;
    if (set.owner.labels.length !== zones.labels.length + 1 || !set.owner.isSubdomainOf(zones)) continue;
    try {
      members.add(Name.parse(set.records[0]).key);
    } catch {
      // Not a name: nothing to serve.
    }
  }
  return [...members].sort();
}

/** What a consumer does to make its member zones the ones listed. Pure. */
export function planConsumption(
  consumer: ZoneMeta,
  listed: readonly string[],
  zones: readonly ZoneMeta[],
): { create: string[]; remove: string[]; conflicts: string[] } {
  const byName = new Map(zones.map((z) => [z.name, z]));
  const ours = (z: ZoneMeta | undefined) =>
    z !== undefined &&
    z.settings.catalog === consumer.name &&
    z.settings.kind === ZoneKind.ZONE_KIND_SECONDARY;
  const want = new Set(listed);
  const create: string[] = [];
  const conflicts: string[] = [];
  for (const name of listed) {
    const existing = byName.get(name);
    if (existing === undefined) create.push(name);
    // RFC 9432 §5.4: a zone the consumer already serves for another reason is not taken over.
    else if (!ours(existing)) conflicts.push(name);
  }
  const remove = zones.filter((z) => ours(z) && !want.has(z.name)).map((z) => z.name);
  return { create, remove, conflicts };
}
