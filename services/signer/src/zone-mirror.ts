import { Name, RRType } from '@shoal/dns-wire';
import { ZoneModel } from '@shoal/dnssec';
import type { ProjectionEffect, ZoneMeta, ZoneStore } from '@shoal/projection';

export interface MirroredZone {
  model: ZoneModel;
  meta: ZoneMeta;
}

/**
 * Every zone of the stream in memory, as the signer's models (@shoal/dnssec ZoneModel), kept
 * equal to the projection by applying its effects, as the serving node mirrors it into its
 * catalog. Signing reads these; nothing here writes.
 */
export class ZoneMirror {
  readonly #zones = new Map<string, MirroredZone>();

  /** Fills the mirror from the store: call before the follower starts. */
  async load(store: ZoneStore): Promise<number> {
    let rrsets = 0;
    for (const meta of store.listZones()) {
      const model = new ZoneModel(Name.parse(meta.name));
      for await (const set of store.rrsets(meta)) {
        model.set(set.owner, set.type, set.ttl, set.rdatas);
        rrsets++;
      }
      this.#zones.set(meta.name, { model, meta });
    }
    return rrsets;
  }

  apply(effects: readonly ProjectionEffect[]): void {
    for (const effect of effects) {
      const name = effect.zone.name;
      switch (effect.kind) {
        case 'zone-created':
        case 'zone-reset':
          this.#zones.set(name, { model: new ZoneModel(Name.parse(name)), meta: effect.zone });
          break;
        case 'zone-deleted':
          this.#zones.delete(name);
          break;
        case 'zone-updated': {
          const zone = this.#zones.get(name);
          if (zone) zone.meta = effect.zone;
          break;
        }
        case 'rrset': {
          const zone = this.#zones.get(name);
          if (!zone) break;
          zone.model.set(effect.owner, effect.type, effect.ttl, effect.rdatas);
          zone.meta = effect.zone;
          break;
        }
      }
    }
  }

  get(name: string): MirroredZone | undefined {
    return this.#zones.get(name.toLowerCase());
  }

  zones(): MirroredZone[] {
    return [...this.#zones.values()];
  }

  /** The parent zone of `name` held here, if any (for DS checks during KSK rollovers). */
  parentOf(name: string): MirroredZone | undefined {
    let up = Name.parse(name);
    while (up.labelCount > 0) {
      up = up.parent();
      const found = this.#zones.get(up.key);
      if (found) return found;
    }
    return undefined;
  }

  /** The DS RDATAs the parent zone (if served here) holds for `name`. */
  parentDs(name: string): Uint8Array[] {
    const parent = this.parentOf(name);
    return [...(parent?.model.get(Name.parse(name), RRType.DS)?.rdatas ?? [])];
  }
}
