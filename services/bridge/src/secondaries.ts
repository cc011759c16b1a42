import type { ProjectionEffect, ZoneStore } from '@shoal/projection';
import { isSecondaryZone } from '@shoal/zone-transfer';
import { type SecondaryDeps, SecondaryZone } from './secondary-zone.js';

/**
 * Keeps one SecondaryZone running per secondary zone of the projection: started when a zone
 * becomes secondary (created or its settings changed), stopped when it is deleted or changes
 * kind, checked at once when its settings change (new primaries) or a NOTIFY arrives.
 */
export class Secondaries {
  readonly zones = new Map<string, SecondaryZone>();
  #started = false;

  constructor(
    private readonly store: ZoneStore,
    private readonly deps: SecondaryDeps,
  ) {}

  /** Starts every secondary zone the store knows, staggered so a restart does not burst. */
  start(): void {
    this.#started = true;
    let i = 0;
    for (const meta of this.store.listZones()) {
      if (isSecondaryZone(meta.settings)) this.#ensure(meta.name, Math.min(5_000, 50 * i++));
    }
  }

  apply(effects: readonly ProjectionEffect[]): void {
    // While the bridge catches up with the stream, start() later takes the zones as they end up.
    if (!this.#started) return;
    for (const effect of effects) {
      const name = effect.zone.name;
      if (effect.kind === 'zone-deleted') {
        this.zones.get(name)?.stop();
        this.zones.delete(name);
        continue;
      }
      if (effect.kind === 'rrset') continue;
      const meta = this.store.zone(name) ?? effect.zone;
      const secondary = isSecondaryZone(meta.settings);
      const existing = this.zones.get(name);
      if (!secondary) {
        existing?.stop();
        this.zones.delete(name);
      } else if (!existing) {
        this.#ensure(name, 0);
      } else if (effect.kind === 'zone-updated' && !effect.changeSet) {
        // New settings (primaries, keys): check with them now. Our own expiry marks come back
        // this way too; a check then is harmless.
        void existing.trigger();
      }
    }
  }

  #ensure(name: string, delayMs: number): SecondaryZone {
    let zone = this.zones.get(name);
    if (!zone) {
      zone = new SecondaryZone(name, this.deps);
      this.zones.set(name, zone);
      zone.start(delayMs);
    }
    return zone;
  }

  /** A NOTIFY (or a refresh request from a node) for a zone; false when it is not a secondary here. */
  trigger(zone: string): boolean {
    const z = this.zones.get(zone.toLowerCase());
    if (!z) return false;
    void z.trigger();
    return true;
  }

  stop(): void {
    for (const z of this.zones.values()) z.stop();
    this.zones.clear();
  }
}
