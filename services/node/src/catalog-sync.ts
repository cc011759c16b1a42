import { type Catalog, Zone } from '@shoal/authority';
import { Name } from '@shoal/dns-wire';
import type { ProjectionEffect, ZoneStore } from '@shoal/projection';

/**
 * Mirrors the LevelDB projection into the in-memory zone views the answer engine reads.
 * Effects arrive after their batch is durable and are applied synchronously, so no query runs
 * between the first and the last RRset of one ChangeSet: a zone version is atomic.
 */
export class CatalogSync {
  constructor(readonly catalog: Catalog) {}

  /** Fills the catalog from the store (start-up). */
  async load(store: ZoneStore): Promise<{ zones: number; rrsets: number }> {
    let rrsets = 0;
    for (const meta of store.listZones()) {
      const zone = new Zone(Name.parse(meta.name));
      for await (const set of store.rrsets(meta)) {
        zone.replaceRRset(set.owner, set.type, set.ttl, set.rdatas);
        rrsets++;
      }
      zone.version = meta.lastSequence;
      this.catalog.set(zone);
    }
    return { zones: this.catalog.zones().length, rrsets };
  }

  apply(effects: readonly ProjectionEffect[]): void {
    const touched = new Map<string, Zone>();
    for (const effect of effects) {
      const origin = Name.parse(effect.zone.name);
      switch (effect.kind) {
        case 'zone-created': {
          const zone = new Zone(origin);
          this.catalog.set(zone);
          touched.set(origin.key, zone);
          break;
        }
        case 'zone-reset': {
          const zone = this.catalog.get(origin);
          zone?.clear();
          if (zone) touched.set(origin.key, zone);
          break;
        }
        case 'zone-deleted':
          this.catalog.delete(origin);
          touched.delete(origin.key);
          break;
        case 'zone-updated': {
          const zone = this.catalog.get(origin);
          if (zone) touched.set(origin.key, zone);
          break;
        }
        case 'rrset': {
          const zone = touched.get(origin.key) ?? this.catalog.get(origin);
          if (!zone) break;
          if (effect.rdatas.length) zone.replaceRRset(effect.owner, effect.type, effect.ttl, effect.rdatas);
          else zone.deleteRRset(effect.owner, effect.type);
          touched.set(origin.key, zone);
          break;
        }
      }
    }
    for (const [, zone] of touched) {
      const meta = effects.findLast((e) => e.zone.name === zone.origin.key)?.zone;
      if (meta) zone.version = meta.lastSequence;
    }
  }
}
