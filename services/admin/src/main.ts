#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ensureEventStream } from '@shoal/event-store';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import { startTelemetry } from '@shoal/telemetry';
import { pino } from 'pino';
import { TokenAuthenticator } from './auth.js';
import { CatalogReconciler } from './catalog-reconciler.js';
import { type AdminConfig, ConfigError, loadAdminConfig, pdnsApiEnabled } from './config.js';
import { serveDnsUpdates } from './dns-update-service.js';
import { DnssecAdmin, dnssecService, SignerClient, signBeforeAppend } from './dnssec/index.js';
import { FleetTracker } from './fleet.js';
import { FleetControl } from './fleet-control.js';
import { adminConfigFile, startFleetWebFromConfig } from './fleet-web/index.js';
import { GrpcEdge } from './grpc-call.js';
import { fleetService } from './grpc-fleet-service.js';
import { startGrpcServer } from './grpc-server.js';
import { tsigKeyService } from './grpc-tsig-service.js';
import { zoneAdminService } from './grpc-zone-service.js';
import { startPdnsApi } from './pdns-api/http-server.js';
import { AdminStatistics } from './statistics.js';
import { TsigKeyStore } from './tsig-keys.js';
import { ZoneAdmin } from './zone-admin.js';
import { ZoneImporter } from './zone-import.js';
import { ZoneWriter } from './zone-writer.js';

const VERSION = '0.1.0';

function configuration(): AdminConfig {
  const at = process.argv.indexOf('--config');
  try {
    return loadAdminConfig(process.env, at > 0 ? process.argv[at + 1] : undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-admin: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = configuration();
  const log = pino({ name: 'shoal-admin', level: config.logLevel });
  // Before anything records: spans over OTLP when configured, metrics for the fleet page's /metrics.
  const telemetry = startTelemetry({
    serviceName: 'shoal-admin',
    serviceVersion: VERSION,
    instanceId: hostname(),
  });
  log.info({ tracing: telemetry.tracingEnabled, note: telemetry.tracingNote }, 'telemetry');
  mkdirSync(config.dataDirectory, { recursive: true });
  const store = await ZoneStore.open(config.dataDirectory, { journalLimit: config.journalLimit });
  const nc = await connect({ servers: config.natsServers, name: 'shoal-admin', maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  await ensureEventStream(jsm, { replicas: config.streamReplicas });
  const js = jetstream(nc);
  let catalogs: CatalogReconciler | undefined;
  const follower = new StreamFollower(js, store, {
    onError: (err) => log.warn({ err: String(err) }, 'event feed failed; reopening'),
    onEffects: (effects) => catalogs?.onEffects(effects),
  });
  follower.start();
  const fleet = new FleetTracker();
  fleet.start(nc);
  const stats = new AdminStatistics();
  // Signed zones' changes are signed by a signer before they are appended (dnssec/).
  const signer = new SignerClient(nc);
  const writer = new ZoneWriter(js, jsm, follower, {
    prepare: signBeforeAppend(signer),
    // The server's limit on one message: an event must fit, or it is refused before the append.
    maxEventBytes: () => nc.info?.max_payload ?? 1024 * 1024,
    onAppended: (event, outcome) => stats.onAppended(event, outcome),
    onConflict: () => stats.count('write-conflicts'),
  });
  const admin = new ZoneAdmin(follower, writer);
  catalogs = new CatalogReconciler(admin, log.child({ component: 'catalog' }));
  catalogs.start();
  // DNS UPDATEs the nodes forward (RFC 2136).
  serveDnsUpdates(nc, admin, log.child({ component: 'dns-update' }));
  const dnssec = new DnssecAdmin(signer, admin);
  const importer = new ZoneImporter(admin);
  const control = new FleetControl(nc);
  // Without the bucket the admin still serves zones; only the key calls fail.
  const tsigStore = await TsigKeyStore.open(nc, config.streamReplicas).catch((err) => {
    log.warn({ err: String(err) }, 'TSIG_KEYS bucket unavailable');
    return undefined;
  });
  const keys = () => {
    if (!tsigStore) throw new Error('the TSIG_KEYS bucket is unavailable');
    return tsigStore;
  };
  const streamLastSequence = () => Math.max(follower.streamLastSequence, store.appliedSequence);
  const fleetAuth = new TokenAuthenticator(config.tokens);
  const fleetWeb = await startFleetWebFromConfig({
    env: process.env,
    configFile: adminConfigFile(process.argv, process.env),
    nodes: () => fleet.all(),
    streamLastSequence,
    tokenValid: (token) => {
      try {
        fleetAuth.authenticate(token);
        return true;
      } catch {
        return false;
      }
    },
    metricsText: telemetry.prometheusText,
    log,
  });

  const edge = new GrpcEdge(new TokenAuthenticator(config.tokens), stats, log);
  const { server, port } = await startGrpcServer(
    {
      zoneAdmin: zoneAdminService(edge, admin, importer, stats),
      fleet: fleetService(edge, { admin, fleet, control, stats, streamLastSequence }),
      tsig: tsigKeyService(edge, keys),
      dnssec: dnssecService(edge, dnssec),
    },
    { listen: config.grpcListen, tls: config.tls },
  );
  const grpcAddress = `${config.grpcListen.replace(/:\d+$/, '')}:${port}`;
  let pdnsAddress = '';
  let pdnsApi: Awaited<ReturnType<typeof startPdnsApi>> | undefined;
  if (pdnsApiEnabled(config)) {
    pdnsApi = await startPdnsApi(
      {
        admin,
        importer,
        control,
        fleet,
        stats,
        tsigKeys: keys,
        dnssec,
        streamLastSequence,
        defaultSoaPrimary: config.pdnsApi.defaultSoaPrimary,
        version: VERSION,
      },
      { listen: config.pdnsApi.listen, keys: config.pdnsApi.keys, log },
    );
    pdnsAddress = pdnsApi.address;
  }
  log.info({ grpc: grpcAddress, pdnsApi: pdnsAddress || 'off', nats: config.natsServers }, 'admin ready');
  // A line tests and scripts wait for; the ports matter when the configured ones were 0.
  console.log(`shoal-admin listening grpc=${grpcAddress}${pdnsAddress ? ` pdns-api=${pdnsAddress}` : ''}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await Promise.all([
      new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
      pdnsApi?.close(),
    ]);
    fleet.stop();
    await catalogs.stop();
    await follower.stop();
    await nc.drain().catch(() => {});
    await store.close();
    await fleetWeb?.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('shoal-admin: fatal:', err);
  process.exit(1);
});
