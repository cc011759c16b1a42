import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';
import type { Role, TokenGrant } from './auth.js';

export interface TlsConfig {
  certFile: string;
  keyFile: string;
  clientCaFile?: string;
  requireClientCert: boolean;
}

export interface PdnsApiConfig {
  /** host:port of the PowerDNS-compatible HTTP API; loopback unless configured otherwise. */
  listen: string;
  /** X-API-Key values and the role each grants (same roles as bearer tokens). */
  keys: TokenGrant[];
  /** The SOA MNAME of zones created without an SOA (PowerDNS's default-soa-content). */
  defaultSoaPrimary: string;
  /** Serve the API at all (it also needs at least one key). */
  enabled: boolean;
}

export interface AdminConfig {
  natsServers: string[];
  grpcListen: string;
  dataDirectory: string;
  /** ChangeSets kept per zone in the admin's projection: how far history and diff reach. */
  journalLimit: number;
  streamReplicas: number;
  tokens: TokenGrant[];
  tls?: TlsConfig;
  pdnsApi: PdnsApiConfig;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEFAULTS: AdminConfig = {
  natsServers: ['nats://127.0.0.1:4222'],
  grpcListen: '127.0.0.1:5380',
  dataDirectory: '.data/admin',
  journalLimit: 1000,
  streamReplicas: 1,
  tokens: [],
  pdnsApi: {
    listen: '127.0.0.1:8081',
    keys: [],
    defaultSoaPrimary: 'a.misconfigured.dns.server.invalid.',
    enabled: true,
  },
  logLevel: 'info',
};

const ROLES = new Set<Role>(['reader', 'writer', 'admin']);

type Doc = Record<string, unknown>;

/** Accepts both spellings in YAML: snake_case (documented) and camelCase. */
function pick<T>(o: Doc | undefined, snake: string, camel: string): T | undefined {
  return (o?.[snake] ?? o?.[camel]) as T | undefined;
}

function tlsFrom(doc: Doc | undefined): TlsConfig | undefined {
  if (!doc) return undefined;
  return {
    certFile: pick<string>(doc, 'cert_file', 'certFile') ?? '',
    keyFile: pick<string>(doc, 'key_file', 'keyFile') ?? '',
    clientCaFile: pick<string>(doc, 'client_ca_file', 'clientCaFile'),
    requireClientCert: Boolean(pick<boolean>(doc, 'require_client_cert', 'requireClientCert')),
  };
}

function grantsFrom(list: unknown, secretField: 'token' | 'key'): TokenGrant[] {
  if (!Array.isArray(list)) return [];
  return list.map((g: Doc) => ({
    token: String(g[secretField] ?? ''),
    role: g.role as Role,
    zones: g.zones as string[] | undefined,
    name: g.name as string | undefined,
  }));
}

/**
 * Builds the admin's configuration: defaults, then the YAML file (--config or
 * SHOAL_ADMIN_CONFIG), then environment variables (see the README). Pure apart from reading
 * the named file.
 */
export function loadAdminConfig(
  env: Record<string, string | undefined>,
  file = env.SHOAL_ADMIN_CONFIG,
): AdminConfig {
  const config: AdminConfig = { ...DEFAULTS, tokens: [], pdnsApi: { ...DEFAULTS.pdnsApi, keys: [] } };
  if (file) {
    let doc: Doc;
    try {
      doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Doc;
    } catch (e) {
      throw new ConfigError(`${file}: ${(e as Error).message}`);
    }
    const nats = doc.nats as { servers?: string[] } | undefined;
    if (nats?.servers) config.natsServers = nats.servers;
    const grpc = doc.grpc as Doc | undefined;
    if (typeof grpc?.listen === 'string') config.grpcListen = grpc.listen;
    config.tls = tlsFrom(grpc?.tls as Doc | undefined);
    const dataDirectory = pick<string>(doc, 'data_directory', 'dataDirectory');
    if (dataDirectory) config.dataDirectory = dataDirectory;
    const journalLimit = pick<number>(doc, 'journal_limit', 'journalLimit');
    if (journalLimit !== undefined) config.journalLimit = journalLimit;
    const stream = doc.stream as { replicas?: number } | undefined;
    if (stream?.replicas) config.streamReplicas = stream.replicas;
    config.tokens = grantsFrom(doc.tokens, 'token');
    const pdns = pick<Doc>(doc, 'pdns_api', 'pdnsApi');
    if (pdns) {
      if (typeof pdns.listen === 'string') config.pdnsApi.listen = pdns.listen;
      if (pdns.enabled === false) config.pdnsApi.enabled = false;
      config.pdnsApi.keys = grantsFrom(pdns.keys, 'key');
      const primary = pick<string>(pdns, 'default_soa_primary', 'defaultSoaPrimary');
      if (primary) config.pdnsApi.defaultSoaPrimary = primary;
    }
    const logLevel = pick<string>(doc, 'log_level', 'logLevel');
    if (logLevel) config.logLevel = logLevel;
  }
  if (env.SHOAL_NATS_URL) config.natsServers = env.SHOAL_NATS_URL.split(',');
  if (env.SHOAL_ADMIN_GRPC_LISTEN) config.grpcListen = env.SHOAL_ADMIN_GRPC_LISTEN;
  if (env.SHOAL_ADMIN_DATA_DIR) config.dataDirectory = env.SHOAL_ADMIN_DATA_DIR;
  if (env.SHOAL_JOURNAL_LIMIT) config.journalLimit = Number(env.SHOAL_JOURNAL_LIMIT);
  if (!Number.isInteger(config.journalLimit) || config.journalLimit < 1) {
    throw new ConfigError(`journal_limit: ${config.journalLimit} must be a positive integer`);
  }
  if (env.SHOAL_STREAM_REPLICAS) config.streamReplicas = Number(env.SHOAL_STREAM_REPLICAS);
  if (env.SHOAL_LOG_LEVEL) config.logLevel = env.SHOAL_LOG_LEVEL;
  if (env.SHOAL_ADMIN_TOKEN)
    config.tokens.push({ token: env.SHOAL_ADMIN_TOKEN, role: 'admin', name: 'env-admin' });
  if (env.SHOAL_ADMIN_TLS_CERT || env.SHOAL_ADMIN_TLS_KEY) {
    config.tls = {
      certFile: env.SHOAL_ADMIN_TLS_CERT ?? '',
      keyFile: env.SHOAL_ADMIN_TLS_KEY ?? '',
      clientCaFile: env.SHOAL_ADMIN_TLS_CLIENT_CA || undefined,
      requireClientCert: env.SHOAL_ADMIN_TLS_REQUIRE_CLIENT_CERT === 'true',
    };
  }
  if (env.SHOAL_PDNS_API_LISTEN) config.pdnsApi.listen = env.SHOAL_PDNS_API_LISTEN;
  if (env.SHOAL_PDNS_API_KEY)
    config.pdnsApi.keys.push({ token: env.SHOAL_PDNS_API_KEY, role: 'admin', name: 'pdns-api-key' });
  validate(config);
  return config;
}

function hostOf(listen: string): string {
  return listen.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function validate(c: AdminConfig): void {
  if (!c.natsServers.length) throw new ConfigError('nats.servers: at least one server is needed');
  if (!/^[^\s]+:\d{1,5}$/.test(c.grpcListen))
    throw new ConfigError(`grpc.listen: ${JSON.stringify(c.grpcListen)} is not host:port`);
  if (![1, 3, 5].includes(c.streamReplicas))
    throw new ConfigError(`stream.replicas: ${c.streamReplicas} must be 1, 3 or 5`);
  if (c.tokens.length === 0) {
    throw new ConfigError(
      'no admin credentials: set SHOAL_ADMIN_TOKEN or list tokens in the config file (the API never runs open)',
    );
  }
  c.tokens.forEach((t, i) => {
    checkGrant(t, `tokens[${i}].token`, `tokens[${i}].role`);
  });
  c.pdnsApi.keys.forEach((t, i) => {
    checkGrant(t, `pdns_api.keys[${i}].key`, `pdns_api.keys[${i}].role`);
  });
  if (c.tls && (!c.tls.certFile || !c.tls.keyFile))
    throw new ConfigError('grpc.tls: cert_file and key_file are both needed');
  if (c.tls?.requireClientCert && !c.tls.clientCaFile) {
    throw new ConfigError(
      'grpc.tls.require_client_cert: needs client_ca_file to verify the certificates against',
    );
  }
  if (!/^[^\s]+:\d{1,5}$/.test(c.pdnsApi.listen)) {
    throw new ConfigError(`pdns_api.listen: ${JSON.stringify(c.pdnsApi.listen)} is not host:port`);
  }
  if (!hostOf(c.pdnsApi.listen)) throw new ConfigError('pdns_api.listen: the host is empty');
}

function checkGrant(t: TokenGrant, secretField: string, roleField: string): void {
  if (!t.token || t.token.length < 16)
    throw new ConfigError(`${secretField}: must be at least 16 characters`);
  if (!ROLES.has(t.role))
    throw new ConfigError(`${roleField}: ${JSON.stringify(t.role)} is not reader, writer or admin`);
}

/** The PowerDNS API listens only when it has keys; off loopback only by explicit configuration. */
export function pdnsApiEnabled(c: AdminConfig): boolean {
  return c.pdnsApi.enabled && c.pdnsApi.keys.length > 0;
}

export { hostOf };
