import { Name, rdataToText, rrTypeToString } from '@shoal/dns-wire';
import { SerialPolicy, ZoneKind, type ZoneSettings } from '@shoal/events';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import { nsec3paramText } from './zone-dnssec.js';
import { zoneNameToId } from './zone-id.js';

/** PowerDNS 4.7's kind names (it still says Master/Slave). */
export function kindName(kind: ZoneKind): string {
  if (kind === ZoneKind.ZONE_KIND_PRIMARY) return 'Master';
  if (kind === ZoneKind.ZONE_KIND_SECONDARY) return 'Slave';
  if (kind === ZoneKind.ZONE_KIND_PRODUCER) return 'Producer';
  if (kind === ZoneKind.ZONE_KIND_CONSUMER) return 'Consumer';
  return 'Native';
}

/** Like PowerDNS's DomainInfo::stringToKind: unknown kinds are Native. */
export function kindFromName(text: string): ZoneKind {
  const t = text.toUpperCase();
  if (t === 'MASTER' || t === 'PRIMARY') return ZoneKind.ZONE_KIND_PRIMARY;
  if (t === 'SLAVE' || t === 'SECONDARY') return ZoneKind.ZONE_KIND_SECONDARY;
  if (t === 'PRODUCER') return ZoneKind.ZONE_KIND_PRODUCER;
  if (t === 'CONSUMER') return ZoneKind.ZONE_KIND_CONSUMER;
  return ZoneKind.ZONE_KIND_NATIVE;
}

/**
 * SOA-EDIT-API values and our serial policies: DEFAULT (YYYYMMDDnn, else +1) is DATE,
 * INCREASE is INCREMENT, EPOCH is EPOCH. Every other value means INCREMENT here.
 */
export function soaEditApiName(policy: SerialPolicy): string {
  if (policy === SerialPolicy.SERIAL_POLICY_DATE) return 'DEFAULT';
  if (policy === SerialPolicy.SERIAL_POLICY_EPOCH) return 'EPOCH';
  return 'INCREASE';
}

export function policyFromSoaEditApi(text: string): SerialPolicy {
  const t = text.toUpperCase();
  if (t === 'DEFAULT') return SerialPolicy.SERIAL_POLICY_DATE;
  if (t === 'EPOCH') return SerialPolicy.SERIAL_POLICY_EPOCH;
  return SerialPolicy.SERIAL_POLICY_INCREMENT;
}

/** Zone-level TSIG key lists as PowerDNS shows them: ids with the trailing dot. */
function keyIds(names: readonly string[]): string[] {
  return names.map((n) => zoneNameToId(n.endsWith('.') ? n : `${n}.`));
}

/** The metadata kind our settings keep the secondary's transfer keys under (PowerDNS's AXFR-MASTER-TSIG). */
export const AXFR_MASTER_TSIG = 'AXFR-MASTER-TSIG';

/** The short form of a zone, as in the zone list. */
export function zoneInfo(meta: ZoneMeta, notifiedSerial: number): Record<string, unknown> {
  const id = zoneNameToId(meta.name);
  return {
    account: meta.settings.account,
    catalog: meta.settings.catalog,
    // Signed by the signers (settings.dnssec); zones imported pre-signed are served as they are.
    dnssec: Boolean(meta.settings.dnssec?.signed),
    edited_serial: meta.serial,
    id,
    kind: kindName(meta.settings.kind),
    last_check: 0,
    masters: meta.settings.primaries,
    name: meta.name,
    notified_serial: notifiedSerial,
    serial: meta.serial,
    url: `/api/v1/servers/localhost/zones/${id}`,
  };
}

/** The full form of a zone (GET /zones/{id}), with its RRsets unless rrsets=false. */
export async function zoneDetail(
  store: ZoneStore,
  meta: ZoneMeta,
  notifiedSerial: number,
  options: { rrsets: boolean; name?: Name; type?: number },
): Promise<Record<string, unknown>> {
  const doc: Record<string, unknown> = {
    ...zoneInfo(meta, notifiedSerial),
    api_rectify: false,
    master_tsig_key_ids: keyIds(meta.settings.tsigKeys),
    // Narrow mode (NSEC3 white lies) is not offered: the signers publish a precomputed chain.
    nsec3narrow: false,
    nsec3param: nsec3paramText(meta.settings.dnssec),
    slave_tsig_key_ids: keyIds(meta.settings.metadata[AXFR_MASTER_TSIG]?.values ?? []),
    soa_edit: '',
    soa_edit_api: soaEditApiName(meta.settings.serialPolicy),
  };
  if (options.rrsets) doc.rrsets = await zoneRRsets(store, meta, options);
  return doc;
}

interface ApiComment {
  account: string;
  content: string;
  modified_at: number;
}

/** RRsets with their comments; RRsets that have comments but no records are listed too (TTL 0). */
async function zoneRRsets(
  store: ZoneStore,
  meta: ZoneMeta,
  filter: { name?: Name; type?: number },
): Promise<Record<string, unknown>[]> {
  const comments = commentIndex(meta.settings);
  const out: Record<string, unknown>[] = [];
  const wanted = (owner: Name, type: number) =>
    (!filter.name || filter.name.equals(owner)) && (filter.type === undefined || filter.type === type);
  for await (const set of store.rrsets(meta)) {
    if (!wanted(set.owner, set.type)) continue;
    const key = `${set.owner.key}/${set.type}`;
    out.push({
      comments: comments.get(key)?.comments ?? [],
      name: set.owner.toString(),
      records: set.rdatas.map((r) => ({ content: rdataToText(set.type, r), disabled: false })),
      ttl: set.ttl,
      type: rrTypeToString(set.type),
    });
    comments.delete(key);
  }
  for (const c of comments.values()) {
    if (!wanted(c.owner, c.type)) continue;
    out.push({
      comments: c.comments,
      name: c.owner.toString(),
      records: [],
      ttl: 0,
      type: rrTypeToString(c.type),
    });
  }
  return out;
}

function commentIndex(
  settings: ZoneSettings,
): Map<string, { owner: Name; type: number; comments: ApiComment[] }> {
  const index = new Map<string, { owner: Name; type: number; comments: ApiComment[] }>();
  for (const c of settings.rrsetComments) {
    const owner = Name.fromWire(c.owner);
    index.set(`${owner.key}/${c.type}`, {
      owner,
      type: c.type,
      comments: c.comments.map((x) => ({
        account: x.account,
        content: x.content,
        modified_at: x.modifiedAt,
      })),
    });
  }
  return index;
}
