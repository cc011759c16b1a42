import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Catalog, Responder, type ResponseRateLimiter, slipReply } from '@shoal/authority';
import { CONTROL_SUBJECT_PREFIX, encodeZoneToken } from '@shoal/events';
import { Compactor, type ProjectionEffect, StreamFollower, ZoneStore } from '@shoal/projection';
import type { Logger } from 'pino';
import { CatalogSync } from './catalog-sync.js';
import { bootstrapFromCheckpoint, publishCheckpoint } from './checkpoint.js';
import type { NodeConfig } from './config.js';
import { type CookieConfig, serverCookies } from './cookie-config.js';
import {
  type DnsFrontend,
  type QueryContext,
  type QueryResult,
  startDnsFrontend,
  type UdpIo,
} from './frontend/index.js';
import { RateMeter, startHeartbeat } from './heartbeat.js';
import { QueryMeter } from './metrics/index.js';
import { rateLimiter } from './rrl-config.js';

/**
 * A query interceptor: answers what the answer engine does not (zone transfers, NOTIFY, ...)
 * and returns undefined for everything else. Consulted in order before the Responder.
 */
export type QueryInterceptor = (
  query: Uint8Array,
  ctx: QueryContext,
) => QueryResult | Promise<QueryResult> | undefined;

/** RFC 7766 §6.2.3: idle TCP connections are closed after this; told to clients asking (RFC 7828). */
const TCP_IDLE_TIMEOUT_MS = 10_000;

/**
 * The serving node's parts and their lifecycle. main.ts only reads configuration and signals;
 * features (transfers, the web server, ...) attach through interceptors and listeners here.
 */

export class NodeServer {
  readonly catalog = new Catalog();
  readonly sync = new CatalogSync(this.catalog);
  readonly qps = new RateMeter();
  /** Counters and latency of every query, read by /metrics and the dashboard (metrics/). */
  readonly meter = new QueryMeter();
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
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    readonly config: NodeConfig,
    readonly log: Logger,
  ) {}

  /** Opens the store and loads the zones into memory (before any socket opens). */
  async open(): Promise<void> {
    mkdirSync(this.config.dataDirectory, { recursive: true });
    this.store = await ZoneStore.open(this.config.dataDirectory, { journalLimit: this.config.journalLimit });
    if (this.store.appliedSequence === 0 && this.config.checkpointBootstrap) await this.bootstrap();
    const loaded = await this.sync.load(this.store);
    this.log.info({ ...loaded, applied: this.store.appliedSequence }, 'store loaded');
    this.responder = this.makeResponder(this.config);
    this.rateLimiter = rateLimiter(this.config.rrl);
  }

  /** An answer engine over this node's catalog, with an empty packet cache. */
  makeResponder(settings: { nsid?: string; cookies: CookieConfig }): Responder {
    return new Responder(this.catalog, {
      maxUdpPayload: this.config.maxUdpPayload,
      nsid: settings.nsid ? new TextEncoder().encode(settings.nsid) : undefined,
      cookies: serverCookies(settings.cookies),
      tcpIdleTimeoutMs: TCP_IDLE_TIMEOUT_MS,
    });
  }

  /** An empty store starts from the fleet checkpoint when one exists and NATS answers quickly. */
  private async bootstrap(): Promise<void> {
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({
        servers: this.config.natsServers,
        name: `shoal-node-${this.config.nodeId}-bootstrap`,
        timeout: 3000,
        ...this.config.ops.natsAuth,
      });
      const started = Date.now();
      const applied = await bootstrapFromCheckpoint(nc, this.store);
      if (applied) this.log.info({ applied, ms: Date.now() - started }, 'bootstrapped from checkpoint');
    } catch (err) {
      this.log.warn({ err: String(err) }, 'no checkpoint loaded; replaying the stream');
    } finally {
      await nc?.close().catch(() => {});
    }
  }

  /** Maintenance duties some nodes take on: checkpoints and compaction (see config). */
  private async startMaintenance(nc: NatsConnection): Promise<void> {
    const compactor = new Compactor(jetstream(nc), await jetstreamManager(nc), this.store, {
      minEvents: this.config.compactMinEvents,
      maxPayloadBytes: nc.info?.max_payload ?? 1024 * 1024,
      stream: this.config.stream,
    });
    const checkpoint = async () => {
      const r = await publishCheckpoint(nc, this.store);
      this.log.info(r, 'checkpoint published');
      return r;
    };
    const compact = async (force: boolean) => {
      const results = await compactor.runOnce(force);
      const done = results.filter((r) => r.outcome === 'compacted');
      if (done.length) this.log.info({ zones: done.length }, 'zones compacted');
      return results;
    };
    if (this.config.checkpointIntervalSeconds > 0) {
      this.timers.push(
        setInterval(
          () => void checkpoint().catch((err) => this.log.warn({ err: String(err) }, 'checkpoint failed')),
          this.config.checkpointIntervalSeconds * 1000,
        ),
      );
    }
    if (this.config.compactMinEvents > 0) {
      this.timers.push(
        setInterval(
          () => void compact(false).catch((err) => this.log.warn({ err: String(err) }, 'compaction failed')),
          60_000,
        ),
      );
    }
    // On demand, per node: dns.control.node.<id>.checkpoint / .compact (request-reply, JSON).
    const prefix = `${CONTROL_SUBJECT_PREFIX}node.${encodeZoneToken([new TextEncoder().encode(this.config.nodeId)])}`;
    const reply = (subject: string, work: () => Promise<unknown>) =>
      nc.subscribe(subject, {
        callback: (_err, msg) => {
          work()
            .then((r) => msg.respond(JSON.stringify({ ok: true, result: r })))
            .catch((err) => msg.respond(JSON.stringify({ ok: false, error: String(err) })));
        },
      });
    reply(`${prefix}.checkpoint`, checkpoint);
    reply(`${prefix}.compact`, () => compact(true));
  }

  /** Response rate limiting over UDP (dns.rrl), when configured; replaced on reload. */
  rateLimiter: ResponseRateLimiter | undefined;

  /** A UDP reply held to the rate: sent, sent truncated, or dropped. */
  private limit(reply: Uint8Array, ctx: QueryContext): Uint8Array | null {
    const verdict = this.rateLimiter!.judge(reply, ctx.remoteAddress);
    if (verdict === 'send') return reply;
    this.meter.rateLimited[verdict === 'drop' ? 0 : 1]++;
    return verdict === 'slip' ? slipReply(reply) : null;
  }

  /** Opens the DNS sockets. The node answers from its store from here on, NATS or not. */
  async listen(): Promise<string[]> {
    const handler = this.meter.wrap(
      (query: Uint8Array, ctx: QueryContext): QueryResult | Promise<QueryResult> => {
        this.qps.mark();
        for (const intercept of this.interceptors) {
          const r = intercept(query, ctx);
          if (r !== undefined) return r;
        }
        const reply = this.responder.respond(query, ctx.transport, ctx.remoteAddress);
        // A valid server cookie proves the address is the client's own: no spoofing to limit.
        if (ctx.transport !== 'udp' || !this.rateLimiter || !reply || this.responder.lastCookieValid)
          return reply;
        return this.limit(reply, ctx);
      },
    );
    const onError = (err: unknown) => {
      this.meter.noteFrontendError(err);
      this.log.warn({ err: String(err) }, 'dns front end error');
    };
    this.frontends = await Promise.all(
      this.config.listen.map((l) =>
        startDnsFrontend({
          address: l.address,
          port: l.port,
          handler,
          onError,
          udpIo: this.udpIoFor(l.port),
          tcpIdleTimeoutMs: TCP_IDLE_TIMEOUT_MS,
        }),
      ),
    );
    this.frontends.forEach((f, i) => {
      const { address } = this.config.listen[i];
      this.log.info({ address, port: f.udpPort, udp_io: f.udpIo }, 'answering DNS');
    });
    const endpoints = this.frontends.map((f, i) => `${this.config.listen[i].address}:${f.udpPort}`);
    const { tls } = this.config;
    for (const l of tls.listen) {
      const f = await startDnsFrontend({
        address: l.address,
        port: l.port,
        handler,
        onError,
        tls: { cert: tls.cert!, key: tls.key! },
        tcpIdleTimeoutMs: TCP_IDLE_TIMEOUT_MS,
      });
      this.frontends.push(f);
      this.log.info({ address: l.address, port: f.tcpPort }, 'answering DNS over TLS');
      endpoints.push(`tls://${l.address.includes(':') ? `[${l.address}]` : l.address}:${f.tcpPort}`);
    }
    return endpoints;
  }

  /**
   * Batched UDP sockets are per worker (SO_REUSEPORT). A worker the supervisor restarts after it
   * has dropped root could not bind a privileged port again, so there workers share the
   * primary's dgram socket instead, which outlives them.
   */
  private udpIoFor(port: number): UdpIo {
    const rebindWouldFail = cluster.isWorker && this.config.ops.user !== undefined && port < 1024;
    return this.config.udpIo === 'auto' && rebindWouldFail ? 'dgram' : this.config.udpIo;
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
          ...this.config.ops.natsAuth,
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
      onError: (err) => {
        this.meter.noteError('projection');
        this.log.warn({ err: String(err) }, 'event feed failed; reopening');
      },
      stream: this.config.stream,
    });
    this.follower = follower;
    follower.start();
    await this.startMaintenance(nc);
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
    this.log.info(
      { nats: this.config.natsServers, from: this.store.appliedSequence + 1 },
      'following the event stream',
    );
  }

  /** Caught up with what the stream had when last seen, and serving. */
  ready(): boolean {
    const f = this.follower;
    return (
      this.frontends.length > 0 && !!f && f.connected && this.store.appliedSequence >= f.streamLastSequence
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.all(this.frontends.map((f) => f.close()));
    this.stopHeartbeat?.();
    await this.follower?.stop();
    await this.nc?.drain().catch(() => {});
    await this.store?.close();
  }
}
