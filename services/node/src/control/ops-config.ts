import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
// config.ts imports this module too; ConfigError is only used when throwing, after both have loaded.
import { ConfigError } from '../config.js';

/**
 * The operations part of the node's configuration (web server, privileges, query log,
 * readiness), parsed from the same YAML document and SHOAL_* environment as the rest of
 * config.ts. Pure apart from reading an API-key file.
 */
export interface OpsConfig {
  web: WebConfig;
  /** Switch to this user (and group) once the sockets are bound; needs root to start. */
  user?: string;
  group?: string;
  queryLog: QueryLogConfig;
  readiness: ReadinessLimits;
  /** Credentials for NATS (nats.js takes none from the URL): spread into connect(). */
  natsAuth: { user?: string; pass?: string };
}

export interface WebConfig {
  /** Undefined: no web server. */
  listen?: { address: string; port: number };
  /** False when `listen` is the default: then a busy port is a warning, not a start-up failure. */
  explicit: boolean;
  apiKey?: string;
}

export interface QueryLogConfig {
  enabled: boolean;
  /** Fraction of queries logged while enabled, in (0, 1]. */
  sampleRate: number;
}

export interface ReadinessLimits {
  /** Ready while at most this many events are not yet applied. */
  maxLagEvents: number;
  /** ... and the newest received event is at most this old while events are pending. */
  maxLagSeconds: number;
  /** Not ready after NATS has been unreachable this long; negative: NATS loss never withdraws. */
  maxDisconnectedSeconds: number;
  /** On shutdown, fail /readyz this long before closing the DNS sockets (time for BGP to withdraw). */
  drainSeconds: number;
}

export const DEFAULT_WEB_LISTEN = { address: '127.0.0.1', port: 8053 };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_API_KEY = 16;

type Doc = Record<string, unknown>;

function section(doc: Doc, key: string): Doc {
  const v = doc[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${key}: must be a mapping`);
  return v as Doc;
}

function num(where: string, v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new ConfigError(`${where}: ${JSON.stringify(v)} is not a number`);
  return n;
}

function bool(where: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  throw new ConfigError(`${where}: ${JSON.stringify(v)} is not true or false`);
}

function str(where: string, v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new ConfigError(`${where}: must be a string`);
  return String(v);
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

function parseListen(where: string, text: string): { address: string; port: number } | undefined {
  if (text === 'off' || text === 'false' || text === 'none') return undefined;
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m || Number(m[2]) > 65535)
    throw new ConfigError(`${where}: ${JSON.stringify(text)} is not address:port (or off)`);
  if (m[1] !== 'localhost' && isIP(m[1]) === 0)
    throw new ConfigError(`${where}: ${JSON.stringify(m[1])} is not an IP address`);
  return { address: m[1], port: Number(m[2]) };
}

export function readKeyFile(where: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new ConfigError(`${where}: cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Reads `web`, `user`, `group`, `query_log` and `readiness` from the YAML document, then the
 * environment: SHOAL_WEB_LISTEN (address:port or off), SHOAL_WEB_API_KEY, SHOAL_WEB_API_KEY_FILE,
 * SHOAL_USER, SHOAL_GROUP, SHOAL_QUERY_LOG, SHOAL_QUERY_LOG_SAMPLE_RATE,
 * SHOAL_READY_MAX_LAG_EVENTS, SHOAL_READY_MAX_LAG_SECONDS, SHOAL_READY_MAX_DISCONNECTED_SECONDS,
 * SHOAL_DRAIN_SECONDS, and NATS credentials: nats.user / nats.password / nats.password_file,
 * SHOAL_NATS_USER, SHOAL_NATS_PASSWORD, SHOAL_NATS_PASSWORD_FILE.
 */
export function parseOpsConfig(doc: Doc, env: Record<string, string | undefined>): OpsConfig {
  const web = section(doc, 'web');
  const ql = section(doc, 'query_log');
  const nats = section(doc, 'nats');
  const rd = section(doc, 'readiness');

  const listenText = env.SHOAL_WEB_LISTEN ?? str('web.listen', web.listen === false ? 'off' : web.listen);
  const explicit = listenText !== undefined;
  const listen = explicit
    ? parseListen(env.SHOAL_WEB_LISTEN ? 'SHOAL_WEB_LISTEN' : 'web.listen', listenText)
    : DEFAULT_WEB_LISTEN;
  let apiKey = str('web.api_key', web.api_key);
  const keyFile = str('web.api_key_file', web.api_key_file);
  if (keyFile) apiKey = readKeyFile('web.api_key_file', keyFile);
  if (env.SHOAL_WEB_API_KEY_FILE) apiKey = readKeyFile('SHOAL_WEB_API_KEY_FILE', env.SHOAL_WEB_API_KEY_FILE);
  if (env.SHOAL_WEB_API_KEY) apiKey = env.SHOAL_WEB_API_KEY;

  let natsPassword = str('nats.password', nats.password);
  const natsPasswordFile = env.SHOAL_NATS_PASSWORD_FILE || str('nats.password_file', nats.password_file);
  if (natsPasswordFile) natsPassword = readKeyFile('nats.password_file', natsPasswordFile);
  if (env.SHOAL_NATS_PASSWORD) natsPassword = env.SHOAL_NATS_PASSWORD;
  const natsUser = env.SHOAL_NATS_USER || str('nats.user', nats.user);

  const config: OpsConfig = {
    web: { listen, explicit, apiKey },
    natsAuth: natsUser ? { user: natsUser, pass: natsPassword } : {},
    user: env.SHOAL_USER || str('user', doc.user),
    group: env.SHOAL_GROUP || str('group', doc.group),
    queryLog: {
      enabled: bool('SHOAL_QUERY_LOG', env.SHOAL_QUERY_LOG) ?? bool('query_log.enabled', ql.enabled) ?? false,
      sampleRate:
        num('SHOAL_QUERY_LOG_SAMPLE_RATE', env.SHOAL_QUERY_LOG_SAMPLE_RATE) ??
        num('query_log.sample_rate', ql.sample_rate) ??
        0.01,
    },
    readiness: {
      maxLagEvents:
        num('SHOAL_READY_MAX_LAG_EVENTS', env.SHOAL_READY_MAX_LAG_EVENTS) ??
        num('readiness.max_lag_events', rd.max_lag_events) ??
        10,
      maxLagSeconds:
        num('SHOAL_READY_MAX_LAG_SECONDS', env.SHOAL_READY_MAX_LAG_SECONDS) ??
        num('readiness.max_lag_seconds', rd.max_lag_seconds) ??
        5,
      maxDisconnectedSeconds:
        num('SHOAL_READY_MAX_DISCONNECTED_SECONDS', env.SHOAL_READY_MAX_DISCONNECTED_SECONDS) ??
        num('readiness.max_disconnected_seconds', rd.max_disconnected_seconds) ??
        10,
      drainSeconds:
        num('SHOAL_DRAIN_SECONDS', env.SHOAL_DRAIN_SECONDS) ??
        num('readiness.drain_seconds', rd.drain_seconds) ??
        0,
    },
  };
  validateOps(config);
  return config;
}

function validateOps(c: OpsConfig): void {
  const { listen, apiKey } = c.web;
  if (apiKey !== undefined && apiKey.length < MIN_API_KEY) {
    throw new ConfigError(`web.api_key: must be at least ${MIN_API_KEY} characters`);
  }
  if (listen && !isLoopback(listen.address) && apiKey === undefined) {
    throw new ConfigError(
      `web.listen: ${listen.address} is not a loopback address; set web.api_key (or SHOAL_WEB_API_KEY) to serve beyond this host`,
    );
  }
  const { sampleRate } = c.queryLog;
  if (!(sampleRate > 0 && sampleRate <= 1))
    throw new ConfigError(`query_log.sample_rate: ${sampleRate} must be in (0, 1]`);
  const r = c.readiness;
  if (!Number.isInteger(r.maxLagEvents) || r.maxLagEvents < 0) {
    throw new ConfigError(`readiness.max_lag_events: ${r.maxLagEvents} must be a whole number >= 0`);
  }
  if (r.drainSeconds < 0 || r.drainSeconds > 300)
    throw new ConfigError(`readiness.drain_seconds: ${r.drainSeconds} must be 0..300`);
  if (r.maxLagSeconds < 0)
    throw new ConfigError(`readiness.max_lag_seconds: ${r.maxLagSeconds} must be >= 0`);
  if (c.natsAuth.user && !c.natsAuth.pass)
    throw new ConfigError('nats.user: set nats.password (or nats.password_file) too');
  if (c.group && !c.user)
    throw new ConfigError('group: set user as well (the group alone does not drop privileges)');
  for (const [k, v] of [
    ['user', c.user],
    ['group', c.group],
  ] as const) {
    if (v !== undefined && !/^[a-z_][a-z0-9_.-]{0,31}\$?$|^\d+$/i.test(v))
      throw new ConfigError(`${k}: ${JSON.stringify(v)} is not a user or group name`);
  }
}

export function checkLogLevel(level: string): void {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`log_level: ${JSON.stringify(level)} is not one of ${LOG_LEVELS.join(', ')}`);
  }
}
