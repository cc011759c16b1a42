import type { NodeConfig } from '../config.js';
import type { CookieConfig } from '../cookie-config.js';
import type { RrlConfig } from '../rrl-config.js';
import type { QueryLogConfig, ReadinessLimits } from './ops-config.js';

/**
 * The settings that can change while the node runs (SIGHUP, POST /api/v1/reload, or
 * dns.control.node.<id>.reload). Everything else in NodeConfig needs a restart.
 */
export interface RuntimeSettings {
  logLevel: string;
  queryLog: QueryLogConfig;
  webApiKey?: string;
  nsid?: string;
  cookies: CookieConfig;
  rrl: RrlConfig;
  readiness: ReadinessLimits;
}

export function runtimeSettings(config: NodeConfig): RuntimeSettings {
  return {
    logLevel: config.logLevel,
    queryLog: { ...config.ops.queryLog },
    webApiKey: config.ops.web.apiKey,
    nsid: config.nsid,
    cookies: { ...config.cookies, secrets: [...config.cookies.secrets] },
    rrl: { ...config.rrl, exempt: [...config.rrl.exempt] },
    readiness: { ...config.ops.readiness },
  };
}

export interface ReloadPlan {
  /** Settings that differ and will be applied, by name. */
  changed: (keyof RuntimeSettings)[];
  next: RuntimeSettings;
  /** Settings in the file that differ from the running ones but only take effect after a restart. */
  needRestart: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a reload to `next` changes, and what it cannot. Pure. */
export function planReload(running: NodeConfig, current: RuntimeSettings, next: NodeConfig): ReloadPlan {
  const nextSettings = runtimeSettings(next);
  const changed = (Object.keys(nextSettings) as (keyof RuntimeSettings)[]).filter(
    (k) => !same(current[k], nextSettings[k]),
  );
  const fixed: [string, unknown, unknown][] = [
    ['node_id', running.nodeId, next.nodeId],
    ['region', running.region, next.region],
    ['nats.servers', running.natsServers, next.natsServers],
    ['data_directory', running.dataDirectory, next.dataDirectory],
    ['dns.listen', running.listen, next.listen],
    ['dns.max_udp_payload', running.maxUdpPayload, next.maxUdpPayload],
    ['dns.udp_io', running.udpIo, next.udpIo],
    ['dns.tls', running.tls, next.tls],
    ['stream', running.stream, next.stream],
    ['web.listen', running.ops.web.listen, next.ops.web.listen],
    ['user', running.ops.user, next.ops.user],
    ['group', running.ops.group, next.ops.group],
  ];
  return {
    changed,
    next: nextSettings,
    needRestart: fixed.filter(([, a, b]) => !same(a, b)).map(([k]) => k),
  };
}
