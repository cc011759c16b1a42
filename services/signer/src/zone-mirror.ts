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

  /**
   * Applies the projection's effects. Returns true when a zone's DNSSEC settings changed (a
   * zone signed or unsigned, new NSEC3 parameters): the maintainer should look at once rather
   * than at its next pass, so that keys and signatures follow the setting within moments.
   */
  apply(effects: readonly ProjectionEffect[]): boolean {
    let signingChanged = false;
    for (const effect of effects) {
      const name = effect.zone.name;
      switch (effect.kind) {
        case 'zone-created':
        case 'zone-reset':
          if (effect.zone.settings.dnssec?.signed) signingChanged = true;
          this.#zones.set(name, { model: new ZoneModel(Name.parse(name)), meta: effect.zone });
          break;
        case 'zone-deleted':
          this.#zones.delete(name);
          break;
        case 'zone-updated': {
          const zone = this.#zones.get(name);
          if (zone && !sameSigning(zone.meta, effect.zone)) signingChanged = true;
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
    return signingChanged;
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

function sameSigning(a: ZoneMeta, b: ZoneMeta): boolean {
  const x = a.settings.dnssec;
  const y = b.settings.dnssec;
  if (!x || !y) return Boolean(x?.signed) === Boolean(y?.signed);
  return (
    x.signed === y.signed &&
    x.nsec3 === y.nsec3 &&
    x.nsec3Iterations === y.nsec3Iterations &&
    x.nsec3OptOut === y.nsec3OptOut &&
    Buffer.from(x.nsec3Salt).equals(Buffer.from(y.nsec3Salt))
  );
}
