import { mkdirSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Catalog, Responder } from '@shoal/authority';
import { type ProjectionEffect, StreamFollower, ZoneStore } from '@shoal/projection';
import type { Logger } from 'pino';
import { CatalogSync } from './catalog-sync.js';
import type { NodeConfig } from './config.js';
import { type DnsFrontend, type QueryContext, type QueryResult, startDnsFrontend } from './frontend/index.js';
import { RateMeter, startHeartbeat } from './heartbeat.js';

/**
 * A query interceptor: answers what the answer engine does not (zone transfers, NOTIFY, ...)
 * and returns undefined for everything else. Consulted in order before the Responder.
 */
export type QueryInterceptor = (query: Uint8Array, ctx: QueryContext) => QueryResult | Promise<QueryResult> | undefined;

/**
 * The serving node's parts and their lifecycle. main.ts only reads configuration and signals;
 * features (transfers, the web server, ...) attach through interceptors and listeners here.
 */
export class NodeServer {
  readonly catalog = new Catalog();
  readonly sync = new CatalogSync(this.catalog);
  readonly qps = new RateMeter();
  readonly interceptors: QueryInterceptor[] = [];
  readonly effectListeners: ((effects: ProjectionEffect[], appliedSequence: number) => void)[] = [];
  readonly startedAtMs = Date.now();
  store!: ZoneStore;
  responder!: Responder;
  frontends: DnsFrontend[] = [];
  nc?: NatsConnection;
  follower?: StreamFollower;
  private stopHeartbeat?: () => void;
  private stopped = false;

  constructor(
    readonly config: NodeConfig,
    readonly log: Logger,
  ) {}

  /** Opens the store and loads the zones into memory (before any socket opens). */
  async open(): Promise<void> {
    mkdirSync(this.config.dataDirectory, { recursive: true });
    this.store = await ZoneStore.open(this.config.dataDirectory);
    const loaded = await this.sync.load(this.store);
    this.log.info({ ...loaded, applied: this.store.appliedSequence }, 'store loaded');
    this.responder = new Responder(this.catalog, {
      maxUdpPayload: this.config.maxUdpPayload,
      nsid: this.config.nsid ? new TextEncoder().encode(this.config.nsid) : undefined,
    });
  }

  /** Opens the DNS sockets. The node answers from its store from here on, NATS or not. */
  async listen(): Promise<string[]> {
    const handler = (query: Uint8Array, ctx: QueryContext): QueryResult | Promise<QueryResult> => {
      this.qps.mark();
      for (const intercept of this.interceptors) {
        const r = intercept(query, ctx);
        if (r !== undefined) return r;
      }
      return this.responder.respond(query, ctx.transport);
    };
    this.frontends = await Promise.all(
      this.config.listen.map((l) => startDnsFrontend({ address: l.address, port: l.port, handler })),
    );
    return this.frontends.map((f, i) => `${this.config.listen[i].address}:${f.udpPort}`);
  }

  /** Connects to NATS (retrying in the background while it is unreachable) and follows the stream. */
  async follow(): Promise<void> {
    let nc: NatsConnection;
    for (;;) {
      if (this.stopped) return;
      try {
        nc = await connect({
          servers: this.config.natsServers,
          name: `shoal-node-${this.config.nodeId}`,
          maxReconnectAttempts: -1,
          waitOnFirstConnect: true,
        });
        break;
      } catch (err) {
        this.log.warn({ err: String(err) }, 'NATS unreachable; serving from the local store and retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    this.nc = nc;
    const follower = new StreamFollower(jetstream(nc), this.store, {
      onEffects: (effects, applied) => {
        this.sync.apply(effects);
        for (const l of this.effectListeners) l(effects, applied);
      },
      onError: (err) => this.log.warn({ err: String(err) }, 'event feed failed; reopening'),
    });
    this.follower = follower;
    follower.start();
    this.stopHeartbeat = startHeartbeat(
      nc,
      {
        nodeId: this.config.nodeId,
        region: this.config.region,
        appliedSequence: () => this.store.appliedSequence,
        streamLastSequence: () => follower.streamLastSequence,
        lastAppliedUnixMs: () => follower.lastAppliedAtMs,
        queriesPerSecond: () => this.qps.rate(),
        natsConnected: () => !nc.isClosed() && follower.connected,
        ready: () => this.ready(),
      },
      this.config.heartbeatIntervalMs,
    );
    this.log.info({ nats: this.config.natsServers, from: this.store.appliedSequence + 1 }, 'following the event stream');
  }

  /** Caught up with what the stream had when last seen, and serving. */
  ready(): boolean {
    const f = this.follower;
    return this.frontends.length > 0 && !!f && f.connected && this.store.appliedSequence >= f.streamLastSequence;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.frontends.map((f) => f.close()));
    this.stopHeartbeat?.();
    await this.follower?.stop();
    await this.nc?.drain().catch(() => {});
    await this.store?.close();
  }
}
