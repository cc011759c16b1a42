import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Role, TokenGrant } from './auth.js';

export interface AdminConfig {
  natsServers: string[];
  grpcListen: string;
  dataDirectory: string;
  streamReplicas: number;
  tokens: TokenGrant[];
  tls?: { certFile: string; keyFile: string; clientCaFile?: string; requireClientCert: boolean };
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
  streamReplicas: 1,
  tokens: [],
  logLevel: 'info',
};

const ROLES = new Set<Role>(['reader', 'writer', 'admin']);

/**
 * Builds the admin's configuration: defaults, then the YAML file (if any), then environment
 * variables (SHOAL_NATS_URL, SHOAL_ADMIN_GRPC_LISTEN, SHOAL_ADMIN_DATA_DIR, SHOAL_ADMIN_TOKEN,
 * SHOAL_STREAM_REPLICAS, SHOAL_LOG_LEVEL). Pure apart from reading the named files.
 */
export function loadAdminConfig(env: Record<string, string | undefined>, file?: string): AdminConfig {
  const config: AdminConfig = { ...DEFAULTS, tokens: [] };
  if (file) {
    let doc: Record<string, unknown>;
    try {
      doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`${file}: ${(e as Error).message}`);
    }
    const nats = doc.nats as { servers?: string[] } | undefined;
    if (nats?.servers) config.natsServers = nats.servers;
    const grpc = doc.grpc as { listen?: string; tls?: AdminConfig['tls'] } | undefined;
    if (grpc?.listen) config.grpcListen = grpc.listen;
    if (grpc?.tls) config.tls = grpc.tls;
    if (typeof doc.data_directory === 'string') config.dataDirectory = doc.data_directory;
    const stream = doc.stream as { replicas?: number } | undefined;
    if (stream?.replicas) config.streamReplicas = stream.replicas;
    if (Array.isArray(doc.tokens)) config.tokens = doc.tokens as TokenGrant[];
    if (typeof doc.log_level === 'string') config.logLevel = doc.log_level;
  }
  if (env.SHOAL_NATS_URL) config.natsServers = env.SHOAL_NATS_URL.split(',');
  if (env.SHOAL_ADMIN_GRPC_LISTEN) config.grpcListen = env.SHOAL_ADMIN_GRPC_LISTEN;
  if (env.SHOAL_ADMIN_DATA_DIR) config.dataDirectory = env.SHOAL_ADMIN_DATA_DIR;
  if (env.SHOAL_STREAM_REPLICAS) config.streamReplicas = Number(env.SHOAL_STREAM_REPLICAS);
  if (env.SHOAL_LOG_LEVEL) config.logLevel = env.SHOAL_LOG_LEVEL;
  if (env.SHOAL_ADMIN_TOKEN) config.tokens.push({ token: env.SHOAL_ADMIN_TOKEN, role: 'admin', name: 'env-admin' });
  validate(config);
  return config;
}

function validate(c: AdminConfig): void {
  if (!c.natsServers.length) throw new ConfigError('nats.servers: at least one server is needed');
  if (!/^[^\s]+:\d{1,5}$/.test(c.grpcListen)) throw new ConfigError(`grpc.listen: ${JSON.stringify(c.grpcListen)} is not host:port`);
  if (![1, 3, 5].includes(c.streamReplicas)) throw new ConfigError(`stream.replicas: ${c.streamReplicas} must be 1, 3 or 5`);
  if (c.tokens.length === 0) {
    throw new ConfigError('no admin credentials: set SHOAL_ADMIN_TOKEN or list tokens in the config file (the API never runs open)');
  }
  c.tokens.forEach((t, i) => {
    if (!t.token || t.token.length < 16) throw new ConfigError(`tokens[${i}].token: must be at least 16 characters`);
    if (!ROLES.has(t.role)) throw new ConfigError(`tokens[${i}].role: ${JSON.stringify(t.role)} is not reader, writer or admin`);
  });
}
