import type { ZoneSettings as ApiZoneSettings } from '@shoal/admin-api';
import { Name } from '@shoal/dns-wire';
import { ZoneKind } from '@shoal/events';
import type { ProjectionEffect, ZoneMeta } from '@shoal/projection';
import type { Logger } from 'pino';
import {
  affectsCatalogs,
  catalogRRsets,
  isConsumer,
  isProducer,
  listedMembers,
  membersOf,
  planCatalog,
  planConsumption,
} from './catalog-producer.js';
import { ZoneExistsError, ZoneNotFoundError } from './errors.js';
import type { ZoneAdmin } from './zone-admin.js';

/**
 * Keeps every catalog zone's member list in line with the zones that name it, and every
 * consumed catalog's member zones in line with its list (see catalog-producer.ts): after each
 * projected event that can change a list, and every
 * `intervalMs` as a safety net (an admin that stopped between a member's event and the
 * catalog's change is caught up by any admin's next pass).
 */
export class CatalogReconciler {
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly admin: ZoneAdmin,
    private readonly log: Logger,
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poke(), this.intervalMs);
    this.timer.unref();
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.running;
  }

  /** The projection's hook: a pass soon after a zone is created, deleted or re-set. */
  onEffects(effects: readonly ProjectionEffect[]): void {
    if (effects.some(affectsCatalogs)) this.poke();
  }

  /** A pass shortly (events of one burst make one pass); one at a time, and one more if poked meanwhile. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.running = this.reconcile()
        .then(() => {})
        .catch((err) => this.log.warn({ err: String(err) }, 'catalog reconciliation failed; retried later'))
        .finally(() => {
          this.running = undefined;
          if (this.again) {
            this.again = false;
            this.poke();
          }
        });
    }, 20);
  }

  /** One pass over every catalog zone; the number of catalogs changed. */
  async reconcile(): Promise<number> {
    const follower = this.admin.follower;
    // A projection still catching up lacks members it has not read yet: removing them from
    // their catalog would make every consumer drop and re-add the zones.
    if (follower.appliedSequence < follower.streamLastSequence) {
      setTimeout(() => this.poke(), 500).unref();
      return 0;
    }
    const store = this.admin.store;
    const zones = store.listZones();
    let changed = 0;
    for (const catalog of zones.filter(isProducer)) {
      const origin = Name.parse(catalog.name);
      const changes = planCatalog(
        origin,
        await catalogRRsets(store, catalog),
        membersOf(catalog.name, zones),
      );
      if (changes.length === 0) continue;
      const outcome = await this.admin.writeChanges(origin, changes, {
        actor: 'shoal-admin/catalog',
        reason: `member list of catalog zone ${catalog.name}`,
      });
      if (outcome.sequence) changed++;
      this.log.info(
        { catalog: catalog.name, changes: changes.length, serial: outcome.serial },
        'catalog updated',
      );
    }
    for (const consumer of zones.filter(isConsumer)) {
      if (await this.consume(consumer, zones)) changed++;
    }
    return changed;
  }

  /** Creates the secondary zones a consumed catalog lists, deletes those it no longer lists. */
  private async consume(consumer: ZoneMeta, zones: readonly ZoneMeta[]): Promise<boolean> {
    const listed = listedMembers(Name.parse(consumer.name), await catalogRRsets(this.admin.store, consumer));
    if (listed === undefined) return false;
    const plan = planConsumption(consumer, listed, zones);
    for (const name of plan.conflicts)
      this.log.warn(
        { catalog: consumer.name, zone: name },
        'catalog member exists already and is not taken over',
      );
    const caller = { actor: 'shoal-admin/catalog', reason: `member of consumed catalog ${consumer.name}` };
    for (const name of plan.create) {
      await this.admin
        .createZone({ name, settings: memberSettings(consumer), rrsets: [], nameservers: [] }, caller)
        .catch((err) => {
          if (!(err instanceof ZoneExistsError)) throw err;
        });
      this.log.info({ catalog: consumer.name, zone: name }, 'catalog member added');
    }
    for (const name of plan.remove) {
      await this.admin.deleteZone(name, caller).catch((err) => {
        if (!(err instanceof ZoneNotFoundError)) throw err;
      });
      this.log.info({ catalog: consumer.name, zone: name }, 'catalog member removed');
    }
    return plan.create.length + plan.remove.length > 0;
  }
}

/**
 * A member of a consumed catalog is a secondary zone pulled from the catalog's primaries with
 * its TSIG keys, and served and transferred onwards as the catalog zone is.
 */
function memberSettings(consumer: ZoneMeta): Partial<ApiZoneSettings> {
  const s = consumer.settings;
  return {
    kind: ZoneKind.ZONE_KIND_SECONDARY as number,
    serialPolicy: s.serialPolicy as number,
    primaries: [...s.primaries],
    transferAcl: [...s.transferAcl],
    alsoNotify: [...s.alsoNotify],
    tsigKeys: [...s.tsigKeys],
    catalog: consumer.name,
  };
}
