import { Name, rdataToText, rrTypeToString } from '@shoal/dns-wire';
import type { ZoneStore } from '@shoal/projection';
import { zoneNameToId } from './zone-id.js';

/**
 * PowerDNS's search pattern (SimpleMatch): '*' any run, '?' one character, case-insensitive,
 * over the whole string. Names are matched without their trailing dot, as PowerDNS stores them.
 */
export function searchPattern(q: string): RegExp {
  const body = [...q]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

const bare = (text: string) => text.replace(/\.$/, '');

export type SearchKind = 'all' | 'zone' | 'record' | 'comment';

/** search-data: zones by name, records by name or content, comments by content; `max` of each. */
export async function searchData(
  store: ZoneStore,
  q: string,
  max: number,
  kind: SearchKind,
): Promise<object[]> {
  const pattern = searchPattern(q);
  const zones = store.listZones().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: object[] = [];
  if (kind === 'all' || kind === 'zone') {
    let n = 0;
    for (const z of zones) {
      if (n >= max) break;
      if (!pattern.test(bare(z.name))) continue;
      out.push({ name: z.name, object_type: 'zone', zone_id: zoneNameToId(z.name) });
      n++;
    }
  }
  if (kind === 'all' || kind === 'record') {
    let n = 0;
    scan: for (const z of zones) {
      for await (const set of store.rrsets(z)) {
        for (const rdata of set.rdatas) {
          const content = rdataToText(set.type, rdata);
          if (!pattern.test(bare(set.owner.toString())) && !pattern.test(bare(content))) continue;
          out.push({
            content,
            disabled: false,
            name: set.owner.toString(),
            object_type: 'record',
            ttl: set.ttl,
            type: rrTypeToString(set.type),
            zone: z.name,
            zone_id: zoneNameToId(z.name),
          });
          if (++n >= max) break scan;
        }
      }
    }
  }
  if (kind === 'all' || kind === 'comment') {
    let n = 0;
    scan: for (const z of zones) {
      for (const c of z.settings.rrsetComments) {
        for (const comment of c.comments) {
          if (!pattern.test(comment.content)) continue;
          out.push({
            content: comment.content,
            name: Name.fromWire(c.owner).toString(),
            object_type: 'comment',
            type: rrTypeToString(c.type),
            zone: z.name,
            zone_id: zoneNameToId(z.name),
          });
          if (++n >= max) break scan;
        }
      }
    }
  }
  return out;
}
