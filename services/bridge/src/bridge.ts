import { mkdirSync } from 'node:fs';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { Name, RRType } from '@shoal/dns-wire';
import { lastSubjectSequence } from '@shoal/event-store';
import { STREAM_NAME, ZoneKind, zoneSubject } from '@shoal/events';
import { type ProjectionEffect, StreamFollower, type ZoneMeta, ZoneStore } from '@shoal/projection';
import { MemoryKeyring, signMessage, type TsigKeyring } from '@shoal/tsig';
import {
  isSecondaryZone,
  type KvKeyring,
  NOTIFY_SUBJECT,
  normalizeKeyName,
  pullIncremental,
  pullZone,
  querySoa,
  REFRESH_SUBJECT,
  udpExchange,
  watchKeyringUntilAvailable,
} from '@shoal/zone-transfer';
import type { Logger } from 'pino';
import type { BridgeConfig } from './config.js';
import { FleetSync } from './fleet-sync.js';
import { Notifier } from './notifier.js';
import { type NotifyListener, startNotifyListener } from './notify-listener.js';
import { notifyTargets, systemResolver } from './notify-targets.js';
import { Secondaries } from './secondaries.js';
import { SharedState } from './shared-state.js';
import { ZonePublisher } from './zone-publisher.js';

/** Bridges share control requests through this queue group: one of them acts on each. */
const QUEUE = 'shoal-bridge';

/** Delegates to the keyring of the moment (empty until the bucket is read). */
class SwitchKeyring implements TsigKeyring {
  current: TsigKeyring = new MemoryKeyring();
  get(name: Name) {
    return this.current.get(name);
  }
}

/**
 * The transfer bridge: the one place the fleet talks zone-transfer protocol outwards.
 * - Outbound: for every applied change of a primary (or secondary) zone, NOTIFY its also-notify
 *   targets (and NS hosts, if configured) once per change fleet-wide, retrying until answered.
 * - Inbound: secondary zones are refreshed from their legacy primaries and what changed is
 *   appended to the stream as ChangeSets, exactly once however many bridges run.
 * It follows the stream into its own projection like a node does, and serves no queries.
 */
export class TransferBridge {
  store!: ZoneStore;
  nc!: NatsConnection;
  jsm!: JetStreamManager;
  follower!: StreamFollower;
  notifier!: Notifier;
  secondaries!: Secondaries;
  shared!: SharedState;
  listener?: NotifyListener;
  readonly keyring = new SwitchKeyring();
  readonly fleet = new FleetSync();
  #kv?: KvKeyring;
  #subs: Subscription[] = [];
  #live = false;
  #stopped = false;

  constructor(
    readonly config: BridgeConfig,
    readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const { config, log } = this;
    mkdirSync(config.dataDirectory, { recursive: true });
    this.store = await ZoneStore.open(config.dataDirectory);
    this.nc = await connect({
      servers: config.natsServers,
      name: `shoal-bridge-${config.bridgeId}`,
      maxReconnectAttempts: -1,
    });
    this.jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    this.shared = await SharedState.open(this.nc, config.bridgeId).catch((err) => {
      log.warn({ err: String(err) }, 'shared state unavailable; running as a lone bridge');
      return SharedState.local(config.bridgeId);
    });
    // Keys load in the background: the bucket may not exist until the admin has started.
    void watchKeyringUntilAvailable(this.nc, {
      stopped: () => this.#stopped,
      onError: (err, what) => log.warn({ err: String(err), what }, 'TSIG key unusable'),
      onRetry: (err, attempt) => {
        if (attempt === 0) log.warn({ err: String(err) }, 'TSIG keys unavailable; retrying');
      },
    }).then((kv) => {
      if (!kv) return;
      this.#kv = kv;
      this.keyring.current = kv;
    });

    this.notifier = new Notifier({
      send: (target, message, timeoutMs) =>
        udpExchange(target, message, timeoutMs, config.notify.sourceAddress),
      log: log.child({ part: 'notify' }),
      initialDelayMs: config.notify.initialDelayMs,
      maxDelayMs: config.notify.maxDelayMs,
      maxAttempts: config.notify.maxAttempts,
      sign: config.notify.signWithTsig ? (zone, message) => this.#signNotify(zone, message) : undefined,
    });
    const publisher = new ZonePublisher(
      js,
      (this.follower = new StreamFollower(js, this.store, {
        onEffects: (effects) => this.#onEffects(effects),
        onError: (err) => log.warn({ err: String(err) }, 'event feed failed; reopening'),
      })),
      config.bridgeId,
      () => this.nc?.info?.max_payload ?? 1024 * 1024,
    );
    this.secondaries = new Secondaries(this.store, {
      store: this.store,
      keyring: this.keyring,
      log: log.child({ part: 'secondary' }),
      querySoa,
      pullZone,
      pullIncremental,
      publishChange: (meta, change, o) => publisher.changeSet(meta, change, o),
      publishSettings: (meta, settings, reason) => publisher.settings(meta, settings, { reason }),
      catchUp: async (meta) =>
        publisher.catchUp(await lastSubjectSequence(this.jsm, zoneSubject(Name.parse(meta.name).labels))),
      getShared: (zone) => this.shared.getRefresh(zone),
      putShared: (zone, record) => this.shared.putRefresh(zone, record),
      bounds: { minMs: config.refresh.minMs, maxMs: config.refresh.maxMs },
      timeoutMs: config.refresh.timeoutMs,
    });

    this.fleet.start(this.nc);
    this.follower.start();
    // Catch up before acting: NOTIFY only for changes made while we watch (see #onEffects),
    // and secondaries start from the stream's current state.
    await this.#caughtUp();
    this.#live = true;
    this.secondaries.start();

    this.#subs.push(
      this.nc.subscribe(NOTIFY_SUBJECT, {
        queue: QUEUE,
        callback: (err, msg) => {
          if (!err) void this.#notifyRequest(msg.string());
        },
      }),
      this.nc.subscribe(REFRESH_SUBJECT, {
        queue: QUEUE,
        callback: (err, msg) => {
          if (!err) this.#refreshRequest(msg.string());
        },
      }),
    );
    if (config.notifyListen) {
      this.listener = await startNotifyListener(config.notifyListen.address, config.notifyListen.port, {
        findZone: (name) => {
          const meta = this.store.zone(name.key);
          if (!meta) return undefined;
          const s = meta.settings;
          return {
            secondary: isSecondaryZone(s),
            primaries: s.primaries,
            acl: s.transferAcl,
            tsigKeys: s.tsigKeys,
          };
        },
        keyring: this.keyring,
        onNotify: (n) => {
          log.info(n, 'NOTIFY received');
          this.secondaries.trigger(n.zone);
        },
        onRejected: (e) => log.info(e, 'NOTIFY rejected'),
      });
    }
  }

  async #caughtUp(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const info = await this.jsm.streams.info(STREAM_NAME);
        await this.follower.waitForSequence(info.state.last_seq, Math.max(1000, deadline - Date.now()));
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  #onEffects(effects: readonly ProjectionEffect[]): void {
    this.secondaries?.apply(effects);
    if (!this.#live) return;
    for (const effect of effects) {
      if (effect.kind !== 'zone-updated' || !effect.changeSet) continue;
      const meta = this.store.zone(effect.zone.name);
      if (!meta) continue;
      const kind = meta.settings.kind;
      // Catalog zones (PRODUCER) are fed to legacy secondaries like primary zones.
      if (
        kind !== ZoneKind.ZONE_KIND_PRIMARY &&
        kind !== ZoneKind.ZONE_KIND_SECONDARY &&
        kind !== ZoneKind.ZONE_KIND_PRODUCER
      )
        continue;
      if (Date.now() - effect.zone.updatedMs > this.config.notify.catchUpWindowMs) continue;
      void this.#notifyChange(meta, effect.sequence, effect.changeSet.toSerial);
    }
  }

  async #notifyChange(meta: ZoneMeta, sequence: number, serial: number): Promise<void> {
    if (!(await this.shared.claimNotify(meta.name, sequence))) {
      this.log.debug({ zone: meta.name, sequence }, 'another bridge notifies this change');
      return;
    }
    // Only once the nodes serve it: a secondary asking a node still behind would stop there.
    const synced = await this.fleet.waitApplied(sequence, this.config.notify.fleetWaitMs);
    if (!synced)
      this.log.warn(
        { zone: meta.name, sequence },
        'not every node applied the change in time; notifying anyway',
      );
    const current = this.store.zone(meta.name) ?? meta;
    await this.#sendNotify(current, serial, `change at sequence ${sequence}`);
  }

  async #sendNotify(meta: ZoneMeta, serial: number, why: string): Promise<void> {
    const origin = Name.parse(meta.name);
    const soa = this.store.getRRset(meta, origin, RRType.SOA);
    if (!soa?.rdatas[0]) return;
    const targets = await notifyTargets(this.store, meta, {
      nsHosts: this.config.notify.nsHosts,
      resolve: systemResolver,
      onInvalid: (entry, reason) =>
        this.log.warn({ zone: meta.name, entry, reason }, 'NOTIFY target unusable'),
    });
    if (targets.length === 0) return;
    this.log.info({ zone: meta.name, serial, targets: targets.length, why }, 'sending NOTIFY');
    this.notifier.notify(origin, { ttl: soa.ttl, rdata: soa.rdatas[0] }, serial, targets);
  }

  async #notifyRequest(text: string): Promise<void> {
    try {
      const { zone } = JSON.parse(text) as { zone?: string };
      if (typeof zone !== 'string') return;
      const meta = this.store.zone(Name.parse(zone.endsWith('.') ? zone : `${zone}.`).key);
      if (meta) await this.#sendNotify(meta, meta.serial, 'requested');
    } catch (err) {
      this.log.warn({ err: String(err) }, 'bad notify request');
    }
  }

  #refreshRequest(text: string): void {
    try {
      const { zone } = JSON.parse(text) as { zone?: string };
      if (
        typeof zone === 'string' &&
        this.secondaries.trigger(Name.parse(zone.endsWith('.') ? zone : `${zone}.`).key)
      ) {
        this.log.info({ zone }, 'refresh requested by a node');
      }
    } catch (err) {
      this.log.warn({ err: String(err) }, 'bad refresh request');
    }
  }

  #signNotify(zone: Name, message: Uint8Array): Uint8Array {
    const meta = this.store.zone(zone.key);
    for (const name of meta?.settings.tsigKeys ?? []) {
      const key = this.keyring.get(Name.parse(normalizeKeyName(name)));
      if (key) return signMessage(message, key).message;
    }
    return message;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.secondaries?.stop();
    this.notifier?.stop();
    this.fleet.stop();
    for (const s of this.#subs) s.unsubscribe();
    await this.listener?.close();
    this.#kv?.stop();
    await this.follower?.stop();
    await this.nc?.drain().catch(() => {});
    await this.store?.close();
  }
}
