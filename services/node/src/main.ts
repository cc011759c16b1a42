#!/usr/bin/env node
import { pino } from 'pino';
import { ConfigError, loadNodeConfig } from './config.js';
import { NodeServer } from './node-server.js';

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
  const node = new NodeServer(config, log);
  await node.open();
  const endpoints = await node.listen();
  log.info({ endpoints }, 'dns listening');
  void node.follow();
  // A line tests and scripts wait for.
  console.log(`shoal-node serving dns=${endpoints.join(',')} node=${config.nodeId}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await node.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('shoal-node: fatal:', err);
  process.exit(1);
});
