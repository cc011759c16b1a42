#!/usr/bin/env node
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { startTelemetry } from '@shoal/telemetry';
import { pino } from 'pino';
import { ConfigError, loadNodeConfig, type NodeConfig } from './config.js';
import { hostPort, startOperations } from './control/operations.js';
import { queryHistograms } from './metrics/index.js';
import { NodeServer } from './node-server.js';
import { Privileges } from './privileges.js';
import { attachTransfers } from './transfer/index.js';
import { superviseWorkers, workerConfig, workerCount } from './workers.js';

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf('--config');
  const configFile = argIndex > 0 ? process.argv[argIndex + 1] : undefined;
  // The cookie secret when none is configured: made once here, before workers are forked, so
  // every worker (and every reload) uses the same one and accepts the others' cookies.
  process.env.SHOAL_COOKIE_SECRET_GENERATED ||= randomBytes(16).toString('hex');
  let config: NodeConfig;
  try {
    config = loadNodeConfig(process.env, configFile);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-node: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const workerIndex = cluster.isWorker ? Number(process.env.SHOAL_WORKER_INDEX ?? 0) : -1;
  if (workerCount(config) > 1 && cluster.isPrimary) {
    const log = pino({
      name: 'shoal-node',
      level: config.logLevel,
      base: { node: config.nodeId, role: 'primary' },
    });
    const count = workerCount(config);
    const supervisorPrivileges = new Privileges(config.ops.user, config.ops.group);
    await superviseWorkers(config, log, (endpoints) => {
      // The primary holds the shared sockets: once every worker has bound them, it drops root too.
      if (supervisorPrivileges.target) log.info(supervisorPrivileges.drop(), 'privileges dropped');
      // A line tests and scripts wait for.
      console.log(`shoal-node serving dns=${endpoints.join(',')} node=${config.nodeId} workers=${count}`);
    });
    return;
  }
  if (workerIndex >= 0) config = workerConfig(config, workerIndex);
  const log = pino({ name: 'shoal-node', level: config.logLevel, base: { node: config.nodeId } });
  const node = new NodeServer(config, log);
  const telemetry = startTelemetry({
    serviceName: 'shoal-node',
    serviceVersion: '0.1.0',
    instanceId: config.nodeId,
    attributes: { 'shoal.region': config.region },
    histograms: () => queryHistograms(node.meter),
  });
  log.info({ tracing: telemetry.tracingEnabled, note: telemetry.tracingNote }, 'telemetry');
  // Root only long enough to bind: the store is opened as the service user, then ids are dropped.
  const privileges = new Privileges(config.ops.user, config.ops.group);
  await privileges.asTarget(() => node.open());
  const transfers = attachTransfers(node);
  const endpoints = await node.listen();
  log.info({ endpoints }, 'dns listening');
  const ops = await startOperations({
    node,
    config,
    configFile,
    env: process.env,
    metricsText: telemetry.prometheusText,
  });
  const identity = privileges.drop();
  if (privileges.target) log.info(identity, 'privileges dropped');
  void node.follow().then(() => node.nc && transfers.connect(node.nc));
  const web = ops.web ? ` web=http://${hostPort(ops.web.address, ops.web.port)}` : '';
  if (workerIndex >= 0) {
    process.send?.({ kind: 'serving', index: workerIndex, endpoints });
    console.log(`shoal-node worker ${workerIndex} dns=${endpoints.join(',')} node=${config.nodeId}${web}`);
  } else {
    // A line tests and scripts wait for.
    console.log(`shoal-node serving dns=${endpoints.join(',')} node=${config.nodeId}${web}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Withdraw (readyz fails), stop accepting, finish TCP queries in flight, then flush spans.
    await ops.drain();
    await node.stop();
    await ops.stop();
    await telemetry.shutdown();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(`shoal-node: ${err.message}`);
    process.exit(2);
  }
  console.error('shoal-node: fatal:', err);
  process.exit(1);
});
