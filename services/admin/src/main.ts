#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ensureEventStream } from '@shoal/event-store';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import { pino } from 'pino';
import { TokenAuthenticator } from './auth.js';
import { ConfigError, loadAdminConfig } from './config.js';
import { FleetTracker } from './fleet.js';
import { AdminGrpc, startGrpcServer } from './grpc-server.js';
import { ZoneAdmin } from './zone-admin.js';
import { ZoneWriter } from './zone-writer.js';

async function main(): Promise<void> {
  const configFile = process.argv.indexOf('--config') > 0 ? process.argv[process.argv.indexOf('--config') + 1] : undefined;
  let config;
  try {
    config = loadAdminConfig(process.env, configFile);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-admin: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ name: 'shoal-admin', level: config.logLevel });
  mkdirSync(config.dataDirectory, { recursive: true });
  const store = await ZoneStore.open(config.dataDirectory);
  const nc = await connect({ servers: config.natsServers, name: 'shoal-admin', maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  await ensureEventStream(jsm, { replicas: config.streamReplicas });
  const js = jetstream(nc);
  const follower = new StreamFollower(js, store, {
    onError: (err) => log.warn({ err: String(err) }, 'event feed failed; reopening'),
  });
  follower.start();
  const fleet = new FleetTracker();
  fleet.start(nc);
  const writer = new ZoneWriter(js, jsm, follower);
  const admin = new ZoneAdmin(follower, writer);
  const grpcApi = new AdminGrpc(admin, fleet, new TokenAuthenticator(config.tokens), log);
  const { server, port } = await startGrpcServer(
    { zoneAdmin: grpcApi.zoneAdminService(), fleet: grpcApi.fleetService(() => follower.streamLastSequence) },
    { listen: config.grpcListen, tls: config.tls },
  );
  log.info({ grpc: config.grpcListen.replace(/:\d+$/, `:${port}`), nats: config.natsServers }, 'admin ready');
  // A line tests and scripts wait for; the port matters when the configured one was 0.
  console.log(`shoal-admin listening grpc=${config.grpcListen.replace(/:\d+$/, '')}:${port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    fleet.stop();
    await follower.stop();
    await nc.drain().catch(() => {});
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('shoal-admin: fatal:', err);
  process.exit(1);
});
