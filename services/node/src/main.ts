#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Catalog, Responder } from '@shoal/authority';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import { pino } from 'pino';
import { CatalogSync } from './catalog-sync.js';
import { ConfigError, loadNodeConfig } from './config.js';
import { startDnsFrontend } from './frontend/index.js';
import { RateMeter, startHeartbeat } from './heartbeat.js';

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf('--config');
  let config;
  try {
    config = loadNodeConfig(process.env, argIndex > 0 ? process.argv[argIndex + 1] : undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-node: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ name: 'shoal-node', level: config.logLevel, base: { node: config.nodeId } });
  mkdirSync(config.dataDirectory, { recursive: true });

  // 1. The durable projection and the in-memory views are ready before any socket opens,
  //    so the node answers from what it has even when NATS is unreachable.
  const store = await ZoneStore.open(config.dataDirectory);
  const catalog = new Catalog();
  const sync = new CatalogSync(catalog);
  const loaded = await sync.load(store);
  log.info({ ...loaded, applied: store.appliedSequence }, 'store loaded');

  const responder = new Responder(catalog, {
    maxUdpPayload: config.maxUdpPayload,
    nsid: config.nsid ? new TextEncoder().encode(config.nsid) : undefined,
  });
  const qps = new RateMeter();
  const frontends = await Promise.all(
    config.listen.map((l) =>
      startDnsFrontend({
        address: l.address,
        port: l.port,
        handler: (query, ctx) => {
          qps.mark();
          return responder.respond(query, ctx.transport);
        },
      }),
    ),
  );
  const endpoints = frontends.map((f, i) => `${config.listen[i].address}:${f.udpPort}`);
  log.info({ endpoints }, 'dns listening');

  // 2. Follow the stream. connect() keeps retrying in the background when NATS is down.
  let nc: NatsConnection | undefined;
  let follower: StreamFollower | undefined;
  let stopHeartbeat: (() => void) | undefined;
  const connectNats = async () => {
    for (;;) {
      try {
        nc = await connect({ servers: config.natsServers, name: `shoal-node-${config.nodeId}`, maxReconnectAttempts: -1, waitOnFirstConnect: true });
        break;
      } catch (err) {
        log.warn({ err: String(err) }, 'NATS unreachable; serving from the local store and retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    follower = new StreamFollower(jetstream(nc), store, {
      onEffects: (effects) => sync.apply(effects),
      onError: (err) => log.warn({ err: String(err) }, 'event feed failed; reopening'),
    });
    follower.start();
    const f = follower;
    const conn = nc;
    stopHeartbeat = startHeartbeat(
      conn,
      {
        nodeId: config.nodeId,
        region: config.region,
        appliedSequence: () => store.appliedSequence,
        streamLastSequence: () => f.streamLastSequence,
        lastAppliedUnixMs: () => f.lastAppliedAtMs,
        queriesPerSecond: () => qps.rate(),
        natsConnected: () => !conn.isClosed() && f.connected,
        ready: () => f.connected && store.appliedSequence >= f.streamLastSequence,
      },
      config.heartbeatIntervalMs,
    );
    log.info({ nats: config.natsServers, from: store.appliedSequence + 1 }, 'following the event stream');
  };
  void connectNats();
  console.log(`shoal-node serving dns=${endpoints.join(',')} node=${config.nodeId}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await Promise.all(frontends.map((f) => f.close()));
    stopHeartbeat?.();
    await follower?.stop();
    await nc?.drain().catch(() => {});
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('shoal-node: fatal:', err);
  process.exit(1);
});
