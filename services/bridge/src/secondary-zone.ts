import type { ResourceRecord } from '@shoal/dns-wire';
import { Name, RRType, soaSerial } from '@shoal/dns-wire';
import { type AppendResult, ConcurrencyConflictError } from '@shoal/event-store';
import type { ChangeSet } from '@shoal/events';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import type { TsigKey, TsigKeyring } from '@shoal/tsig';
import type { ClientOptions } from '@shoal/zone-transfer';
import {
  diffZone,
  type Endpoint,
  formatEndpoint,
  nextCheckDelayMs,
  normalizeKeyName,
  type PullOptions,
  type PullResult,
  parseEndpoint,
  type RefreshBounds,
  type SoaTimers,
  serialGreater,
  serialLess,
  soaTimers,
  withZoneExpiry,
  zoneExpiredAt,
} from '@shoal/zone-transfer';
import type { Logger } from 'pino';
import type { RefreshRecord } from './shared-state.js';

/** What a secondary zone needs from the rest of the bridge; tests pass fakes. */
export interface SecondaryDeps {
  store: ZoneStore;
  keyring: TsigKeyring;
  log: Logger;
  querySoa(server: Endpoint, zone: Name, options: ClientOptions): Promise<ResourceRecord>;
  pullZone(server: Endpoint, options: PullOptions): Promise<PullResult>;
  pullIncremental(server: Endpoint, options: PullOptions): Promise<PullResult>;
  publishChange(
    meta: ZoneMeta,
    change: ChangeSet,
    options: { reason: string; messageId: string },
  ): Promise<AppendResult>;
  publishSettings(meta: ZoneMeta, settings: ZoneMeta['settings'], reason: string): Promise<AppendResult>;
  /** After a conflict: wait until the projection has the zone subject's latest event. */
  catchUp(meta: ZoneMeta): Promise<void>;
  getShared(zone: string): Promise<RefreshRecord | undefined>;
  putShared(zone: string, record: Omit<RefreshRecord, 'bridge'>): Promise<void>;
  bounds: RefreshBounds;
  timeoutMs: number;
  now?: () => number;
}

/** What one refresh did, for logs and tests. */
export interface RefreshOutcome {
  zone: string;
  ok: boolean;
  primary?: string;
  remoteSerial?: number;
  /** Events appended (ChangeSets). */
  published: number;
  via?: 'axfr' | 'ixfr' | 'none';
  error?: string;
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * One secondary zone (RFC 1035 §4.3.5, RFC 1996): checks the primaries' SOA every REFRESH
 * seconds (RETRY after a failure, or at once on NOTIFY), pulls what changed by IXFR with AXFR
 * as fallback, and publishes it as ChangeSets into the stream, so every node serves it. The
 * first pull of a zone incarnation is a full AXFR (the placeholder the zone was created with
 * may share the primary's serial). When no primary has answered for EXPIRE seconds the zone is
 * marked expired and the nodes stop serving it until a primary answers again.
 */
export class SecondaryZone {
  #timer?: NodeJS.Timeout;
  #running?: Promise<RefreshOutcome>;
  #again = false;
  #stopped = false;
  #failures = 0;
  #lastSuccessMs?: number;
  #watchingSinceMs: number;
  #pulledZoneId?: number;
  readonly outcomes: RefreshOutcome[] = [];

  constructor(
    readonly name: string,
    private readonly deps: SecondaryDeps,
  ) {
    this.#watchingSinceMs = this.#now();
  }

  #now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  start(delayMs = 0): void {
    this.#schedule(delayMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Checks now (NOTIFY, new settings). A check already running is followed by another. */
  trigger(): Promise<RefreshOutcome> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    clearTimeout(this.#timer);
    this.#running = this.#refresh().finally(() => {
      this.#running = undefined;
      if (this.#stopped) return;
      if (this.#again) {
        this.#again = false;
        void this.trigger();
      } else this.#schedule(this.#nextDelay());
    });
    return this.#running;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.trigger(), delayMs);
    this.#timer.unref?.();
  }

  #timers(): SoaTimers | undefined {
    const meta = this.deps.store.zone(this.name);
    if (!meta) return undefined;
    const soa = this.deps.store.getRRset(meta, Name.parse(meta.name), RRType.SOA);
    return soa?.rdatas[0] ? soaTimers(soa.rdatas[0]) : undefined;
  }

  #nextDelay(): number {
    const timers = this.#timers() ?? { serial: 0, refresh: 3600, retry: 600, expire: 604800, minimum: 0 };
    let delay = nextCheckDelayMs(
      { failures: this.#failures, timers, lastSuccessMs: this.#lastSuccessMs },
      this.deps.bounds,
    );
    if (this.#failures > 0) {
      // Do not oversleep the expiry: check right when it would happen.
      const expiresIn = this.#baselineMs() + timers.expire * 1000 - this.#now();
      if (expiresIn > 0) delay = Math.min(delay, Math.max(this.deps.bounds.minMs, expiresIn));
    }
    // A little jitter keeps several bridges from querying the primary in lockstep.
    return Math.round(delay * (1 + Math.random() * 0.1));
  }

  #baselineMs(): number {
    return this.#lastSuccessMs ?? this.#watchingSinceMs;
  }

  #key(meta: ZoneMeta): TsigKey | undefined {
    for (const name of meta.settings.tsigKeys) {
      const key = this.deps.keyring.get(Name.parse(normalizeKeyName(name)));
      if (key) return key;
    }
    return undefined;
  }

  async #refresh(): Promise<RefreshOutcome> {
    const outcome = await this.#refreshOnce().catch(
      (e): RefreshOutcome => ({ zone: this.name, ok: false, published: 0, error: String(e) }),
    );
    this.outcomes.push(outcome);
    if (this.outcomes.length > 100) this.outcomes.shift();
    return outcome;
  }

  async #refreshOnce(): Promise<RefreshOutcome> {
    const { store, log } = this.deps;
    let meta = store.zone(this.name);
    if (!meta) return { zone: this.name, ok: false, published: 0, error: 'zone gone' };
    const origin = Name.parse(meta.name);
    const key = this.#key(meta);
    if (meta.settings.tsigKeys.length > 0 && !key) {
      log.warn(
        { zone: this.name, keys: meta.settings.tsigKeys },
        'none of the zone TSIG keys is known; trying unsigned',
      );
    }
    const shared = await this.deps.getShared(this.name);
    if (shared && shared.zoneId === meta.zoneId) {
      this.#pulledZoneId = meta.zoneId;
      if (shared.lastSuccessMs > (this.#lastSuccessMs ?? 0)) this.#lastSuccessMs = shared.lastSuccessMs;
    }
    const errors: string[] = [];
    for (const text of meta.settings.primaries) {
      let primary: Endpoint;
      try {
        primary = parseEndpoint(text);
      } catch (e) {
        errors.push(`${text}: ${(e as Error).message}`);
        continue;
      }
      const where = formatEndpoint(primary);
      try {
        const result = await this.#checkPrimary(primary, origin, key);
        await this.#succeeded(result.remoteSerial);
        return { zone: this.name, ok: true, primary: where, ...result };
      } catch (e) {
        errors.push(`${where}: ${(e as Error).message}`);
        log.warn(
          { zone: this.name, primary: where, err: (e as Error).message },
          'refresh from primary failed',
        );
      }
    }
    this.#failures++;
    meta = store.zone(this.name) ?? meta;
    await this.#maybeExpire(meta);
    return {
      zone: this.name,
      ok: false,
      published: 0,
      error: errors.join('; ') || 'no primaries configured',
    };
  }

  async #checkPrimary(
    primary: Endpoint,
    origin: Name,
    key: TsigKey | undefined,
  ): Promise<{ remoteSerial: number; published: number; via: 'axfr' | 'ixfr' | 'none' }> {
    const { store, log } = this.deps;
    const client: ClientOptions = { key, timeoutMs: this.deps.timeoutMs };
    const remote = await this.deps.querySoa(primary, origin, client);
    const remoteSerial = soaSerial(remote.rdata);
    let published = 0;
    let via: 'axfr' | 'ixfr' | 'none' = 'none';
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const meta = store.zone(this.name);
      if (!meta) throw new Error('zone deleted meanwhile');
      const firstPull = this.#pulledZoneId !== meta.zoneId;
      if (!firstPull && !serialGreater(remoteSerial, meta.serial)) {
        if (serialLess(remoteSerial, meta.serial)) {
          log.warn(
            { zone: this.name, ours: meta.serial, theirs: remoteSerial },
            'primary serial is behind ours (RFC 1982); keeping ours',
          );
        }
        return { remoteSerial, published, via };
      }
      const soa = store.getRRset(meta, origin, RRType.SOA);
      const pull: PullOptions = { zone: origin, ...client };
      const result =
        firstPull || !soa
          ? await this.deps.pullZone(primary, pull)
          : await this.deps.pullIncremental(primary, {
              ...pull,
              currentSoa: { ttl: soa.ttl, rdata: soa.rdatas[0] },
            });
      via =
        result.via === 'ixfr' && result.kind === 'incremental'
          ? 'ixfr'
          : result.kind === 'up-to-date'
            ? via
            : 'axfr';
      try {
        published += await this.#apply(meta, result, formatEndpoint(primary));
        this.#pulledZoneId = meta.zoneId;
        log.info(
          {
            zone: this.name,
            primary: formatEndpoint(primary),
            via,
            kind: result.kind,
            serial: result.serial,
            published,
            messages: result.messages,
          },
          'secondary zone refreshed',
        );
        return { remoteSerial, published, via };
      } catch (e) {
        if (!(e instanceof ConcurrencyConflictError)) throw e;
        // Another bridge (or the admin) wrote first: catch up and look again.
        log.info({ zone: this.name, attempt }, 'another writer got there first; re-reading the zone');
        await this.deps.catchUp(meta);
      }
    }
    throw new Error(`gave up after ${MAX_CONFLICT_RETRIES} conflicting writes`);
  }

  /** Publishes what a pull brought; returns the number of events appended. */
  async #apply(meta: ZoneMeta, result: PullResult, from: string): Promise<number> {
    const origin = Name.parse(meta.name);
    if (result.kind === 'up-to-date') return 0;
    const changes: ChangeSet[] = [];
    if (result.kind === 'incremental') {
      for (const change of result.changes) {
        // Skip differences we already have (another bridge published part of the range).
        if (!serialGreater(change.toSerial, meta.serial) && changes.length === 0) continue;
        changes.push(change);
      }
      if (changes.length && changes[0].fromSerial !== meta.serial) {
        throw new Error(`IXFR starts at serial ${changes[0].fromSerial}, we are at ${meta.serial}`);
      }
    } else {
      const diff = await diffZone(origin, this.deps.store.rrsets(meta), result.records);
      if (diff) changes.push(diff);
    }
    let current = meta;
    let published = 0;
    for (const change of changes) {
      const ack = await this.#publish(
        current,
        change,
        `${result.kind === 'incremental' ? 'IXFR' : 'AXFR'} from ${from}`,
      );
      if (!ack.duplicate) published++;
      current = this.deps.store.zone(this.name) ?? current;
    }
    return published;
  }

  async #publish(meta: ZoneMeta, change: ChangeSet, reason: string): Promise<AppendResult> {
    // Exactly once per serial, however many bridges pull: the stream drops a repeated ID.
    const messageId = `xfr:${meta.name}:${change.toSerial}`;
    const ack = await this.deps.publishChange(meta, change, { reason, messageId });
    const after = this.deps.store.zone(this.name);
    if (ack.duplicate && after && after.serial !== change.toSerial && after.zoneId === meta.zoneId) {
      // The ID was used for an earlier incarnation of the zone within the duplicate window.
      return this.deps.publishChange(after, change, { reason, messageId: `${messageId}:${meta.zoneId}` });
    }
    return ack;
  }

  async #succeeded(remoteSerial: number): Promise<void> {
    this.#failures = 0;
    this.#lastSuccessMs = this.#now();
    const meta = this.deps.store.zone(this.name);
    if (!meta) return;
    await this.deps.putShared(this.name, {
      zoneId: meta.zoneId,
      serial: remoteSerial,
      lastSuccessMs: this.#lastSuccessMs,
    });
    if (zoneExpiredAt(meta.settings) !== undefined) {
      try {
        await this.deps.publishSettings(
          meta,
          withZoneExpiry(meta.settings, undefined),
          'a primary answered again: serving resumes',
        );
        this.deps.log.info({ zone: this.name }, 'secondary zone no longer expired');
      } catch (e) {
        if (!(e instanceof ConcurrencyConflictError)) throw e;
        await this.deps.catchUp(meta);
      }
    }
  }

  async #maybeExpire(meta: ZoneMeta): Promise<void> {
    if (zoneExpiredAt(meta.settings) !== undefined) return;
    const timers = this.#timers();
    if (!timers) return;
    const shared = await this.deps.getShared(this.name);
    if (shared && shared.zoneId === meta.zoneId && shared.lastSuccessMs > (this.#lastSuccessMs ?? 0)) {
      this.#lastSuccessMs = shared.lastSuccessMs;
    }
    const expiresAt = this.#baselineMs() + timers.expire * 1000;
    if (this.#now() < expiresAt) return;
    try {
      await this.deps.publishSettings(
        meta,
        withZoneExpiry(meta.settings, this.#now()),
        `no primary answered for ${timers.expire} s (SOA EXPIRE)`,
      );
      this.deps.log.warn(
        { zone: this.name, expire: timers.expire },
        'secondary zone expired: nodes stop serving it',
      );
    } catch (e) {
      if (!(e instanceof ConcurrencyConflictError)) throw e;
      await this.deps.catchUp(meta);
    }
  }
}
