#!/usr/bin/env node
import { startTelemetry } from '@shoal/telemetry';
import { pino } from 'pino';
import { ConfigError, loadNodeConfig } from './config.js';
import { hostPort, startOperations } from './control/operations.js';
import { queryHistograms } from './metrics/index.js';
import { NodeServer } from './node-server.js';
import { Privileges } from './privileges.js';
import { attachTransfers } from './transfer/index.js';

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf('--config');
  const configFile = argIndex > 0 ? process.argv[argIndex + 1] : undefined;
  let config;
  try {
    config = loadNodeConfig(process.env, configFile);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-node: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
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
  const ops = await startOperations({ node, config, configFile, env: process.env, metricsText: telemetry.prometheusText });
  const identity = privileges.drop();
  if (privileges.target) log.info(identity, 'privileges dropped');
  void node.follow().then(() => node.nc && transfers.connect(node.nc));
  // A line tests and scripts wait for.
  const web = ops.web ? ` web=http://${hostPort(ops.web.address, ops.web.port)}` : '';
  console.log(`shoal-node serving dns=${endpoints.join(',')} node=${config.nodeId}${web}`);

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
