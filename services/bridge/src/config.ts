import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';

export interface BridgeConfig {
  bridgeId: string;
  natsServers: string[];
  /** The bridge's own projection of the stream (zones, settings, contents for AXFR diffs). */
  dataDirectory: string;
  /** address:port to receive NOTIFY from legacy primaries on (UDP and TCP); none when empty. */
  notifyListen?: { address: string; port: number };
  notify: {
    /** Also NOTIFY the zone's NS hosts (RFC 1996 §3.3), the MNAME excluded. Off by default: the fleet's NS are usually the fleet. */
    nsHosts: boolean;
    /** First retransmission after this long; doubles up to maxDelayMs (RFC 1996 §3.6). */
    initialDelayMs: number;
    maxDelayMs: number;
    /** Sends per target and change before giving up. */
    maxAttempts: number;
    /** Changes older than this when first seen (a bridge catching up) are not notified. */
    catchUpWindowMs: number;
    /** How long to wait for every node to serve a change before notifying anyway. */
    fleetWaitMs: number;
    /** Sign NOTIFY with the zone's first TSIG key (the secondaries must know it). */
    signWithTsig: boolean;
    /** Local address to send from (secondaries accept NOTIFY from their primaries' addresses). */
    sourceAddress?: string;
  };
  refresh: {
    /** Bounds on the SOA timers used for checks. */
    minMs: number;
    maxMs: number;
    /** Per SOA query / transfer silence. */
    timeoutMs: number;
  };
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function listenFrom(text: string): { address: string; port: number } | undefined {
  if (text.trim() === '' || text === 'off') return undefined;
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m || Number(m[2]) > 65535)
    throw new ConfigError(`notify listen: ${JSON.stringify(text)} is not address:port`);
  return { address: m[1], port: Number(m[2]) };
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(`${name}: ${JSON.stringify(value)} is not a non-negative number`);
  return n;
}

function bool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return value === true || value === 'true' || value === '1' || value === 'yes';
}

type Doc = Record<string, unknown>;

/**
 * Defaults, then the YAML file, then the environment: SHOAL_BRIDGE_ID, SHOAL_NATS_URL,
 * SHOAL_BRIDGE_DATA_DIR, SHOAL_BRIDGE_NOTIFY_LISTEN, SHOAL_BRIDGE_NOTIFY_NS,
 * SHOAL_BRIDGE_NOTIFY_INITIAL_MS, SHOAL_BRIDGE_NOTIFY_MAX_MS, SHOAL_BRIDGE_NOTIFY_ATTEMPTS,
 * SHOAL_BRIDGE_NOTIFY_SOURCE, SHOAL_BRIDGE_NOTIFY_TSIG, SHOAL_BRIDGE_FLEET_WAIT_MS, SHOAL_BRIDGE_REFRESH_MIN_MS,
 * SHOAL_BRIDGE_REFRESH_MAX_MS, SHOAL_BRIDGE_TIMEOUT_MS, SHOAL_LOG_LEVEL.
 */
export function loadBridgeConfig(env: Record<string, string | undefined>, file?: string): BridgeConfig {
  let doc: Doc = {};
  if (file) {
    try {
      doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Doc;
    } catch (e) {
      throw new ConfigError(`${file}: ${(e as Error).message}`);
    }
  }
  const notify = (doc.notify ?? {}) as Doc;
  const refresh = (doc.refresh ?? {}) as Doc;
  const nats = (doc.nats ?? {}) as { servers?: string[] };
  const config: BridgeConfig = {
    bridgeId: env.SHOAL_BRIDGE_ID ?? (doc.bridge_id as string | undefined) ?? hostname(),
    natsServers: env.SHOAL_NATS_URL?.split(',') ?? nats.servers ?? ['nats://127.0.0.1:4222'],
    dataDirectory: env.SHOAL_BRIDGE_DATA_DIR ?? (doc.data_directory as string | undefined) ?? '.data/bridge',
    notifyListen: listenFrom(env.SHOAL_BRIDGE_NOTIFY_LISTEN ?? (notify.listen as string | undefined) ?? ''),
    notify: {
      nsHosts: bool(env.SHOAL_BRIDGE_NOTIFY_NS ?? notify.ns_hosts, false),
      initialDelayMs: positive(
        'notify.initial_delay_ms',
        env.SHOAL_BRIDGE_NOTIFY_INITIAL_MS ?? notify.initial_delay_ms,
        2_000,
      ),
      maxDelayMs: positive(
        'notify.max_delay_ms',
        env.SHOAL_BRIDGE_NOTIFY_MAX_MS ?? notify.max_delay_ms,
        60_000,
      ),
      maxAttempts: positive(
        'notify.max_attempts',
        env.SHOAL_BRIDGE_NOTIFY_ATTEMPTS ?? notify.max_attempts,
        10,
      ),
      catchUpWindowMs: positive('notify.catch_up_window_ms', notify.catch_up_window_ms, 300_000),
      fleetWaitMs: positive(
        'notify.fleet_wait_ms',
        env.SHOAL_BRIDGE_FLEET_WAIT_MS ?? notify.fleet_wait_ms,
        10_000,
      ),
      signWithTsig: bool(env.SHOAL_BRIDGE_NOTIFY_TSIG ?? notify.sign_with_tsig, false),
      sourceAddress: env.SHOAL_BRIDGE_NOTIFY_SOURCE ?? (notify.source_address as string | undefined),
    },
    refresh: {
      minMs: positive('refresh.min_ms', env.SHOAL_BRIDGE_REFRESH_MIN_MS ?? refresh.min_ms, 5_000),
      maxMs: positive('refresh.max_ms', env.SHOAL_BRIDGE_REFRESH_MAX_MS ?? refresh.max_ms, 86_400_000),
      timeoutMs: positive('refresh.timeout_ms', env.SHOAL_BRIDGE_TIMEOUT_MS ?? refresh.timeout_ms, 10_000),
    },
    logLevel: env.SHOAL_LOG_LEVEL ?? (doc.log_level as string | undefined) ?? 'info',
  };
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(config.bridgeId))
    throw new ConfigError(`bridge_id: ${JSON.stringify(config.bridgeId)} must be 1-64 of [A-Za-z0-9_.-]`);
  if (config.notify.maxAttempts < 1) throw new ConfigError('notify.max_attempts must be at least 1');
  if (config.refresh.minMs > config.refresh.maxMs)
    throw new ConfigError('refresh.min_ms exceeds refresh.max_ms');
  return config;
}
