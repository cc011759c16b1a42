#!/usr/bin/env node
import { pino } from 'pino';
import { TransferBridge } from './bridge.js';
import { type BridgeConfig, ConfigError, loadBridgeConfig } from './config.js';

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf('--config');
  let config: BridgeConfig;
  try {
    config = loadBridgeConfig(process.env, argIndex > 0 ? process.argv[argIndex + 1] : undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-bridge: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ name: 'shoal-bridge', level: config.logLevel, base: { bridge: config.bridgeId } });
  const bridge = new TransferBridge(config, log);
  await bridge.start();
  const notify = bridge.listener ? `${config.notifyListen!.address}:${bridge.listener.port}` : 'off';
  // A line tests and scripts wait for.
  console.log(`shoal-bridge ready notify=${notify} bridge=${config.bridgeId}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await bridge.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('shoal-bridge: fatal:', err);
  process.exit(1);
});
