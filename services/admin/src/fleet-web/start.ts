import type { NodeHeartbeat } from '@shoal/events';
import { type FleetWeb, startFleetWeb } from './fleet-web.js';
import { loadFleetWebConfig } from './fleet-web-config.js';

export interface FleetWebStartOptions {
  env: Record<string, string | undefined>;
  configFile?: string;
  nodes: () => readonly { heartbeat: NodeHeartbeat; lastSeenMs: number }[];
  liveWindowMs?: number;
  streamLastSequence: () => number;
  tokenValid: (token: string) => boolean;
  metricsText?: () => Promise<string>;
  log: { info: (o: object, m?: string) => void; warn: (o: object, m?: string) => void };
}

/**
 * Starts the fleet page as configured (fleet_web in the admin's file, SHOAL_FLEET_WEB_*), for
 * main.ts. The default address is best effort: a busy port is logged, not fatal.
 */
/** The admin's config file, as main.ts finds it: --config <file>, else SHOAL_ADMIN_CONFIG. */
export function adminConfigFile(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): string | undefined {
  const at = argv.indexOf('--config');
  return at > 0 ? argv[at + 1] : env.SHOAL_ADMIN_CONFIG;
}

export async function startFleetWebFromConfig(o: FleetWebStartOptions): Promise<FleetWeb | undefined> {
  const config = loadFleetWebConfig(o.env, o.configFile);
  if (!config.listen) return undefined;
  try {
    const web = await startFleetWeb({
      ...config.listen,
      nodes: o.nodes,
      liveWindowMs: o.liveWindowMs ?? 5000,
      streamLastSequence: o.streamLastSequence,
      tokenValid: o.tokenValid,
      apiKey: config.apiKey,
      metricsText: o.metricsText,
      onError: (err) => o.log.warn({ err: String(err) }, 'fleet page request failed'),
    });
    const host = web.address.includes(':') ? `[${web.address}]` : web.address;
    o.log.info({ fleet_web: `http://${host}:${web.port}/fleet` }, 'fleet page listening');
    return web;
  } catch (err) {
    if (config.explicit) throw err;
    o.log.warn(
      { err: String(err) },
      'fleet page not started: the default port is taken; set fleet_web.listen',
    );
    return undefined;
  }
}
