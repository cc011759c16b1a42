import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  algorithmFromText,
  DEFAULT_ROLLOVER_POLICY,
  DEFAULT_SIGNATURE_POLICY,
  type RolloverPolicy,
  type SignaturePolicy,
} from '@shoal/dnssec';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';

export interface SignerConfig {
  /** Names this signer in provenance and logs. */
  signerId: string;
  natsServers: string[];
  /** The signer's projection of the stream (LevelDB). */
  dataDirectory: string;
  /** File holding the 32-octet key-encryption key (hex or base64): the signers' one secret. */
  kekFile: string;
  streamReplicas: number;
  logLevel: string;
  signature: SignaturePolicy;
  rollover: RolloverPolicy;
  /** How often every signed zone is checked for signatures to refresh and key events. */
  checkIntervalMs: number;
  /** Most new signatures in one maintenance ChangeSet; the rest follow in the next ones. */
  maxSignaturesPerChange: number;
  /** How long a sign request waits for the projection to reach its base sequence. */
  syncTimeoutMs: number;
}

const DEFAULTS: SignerConfig = {
  signerId: `signer-${hostname()}`,
  natsServers: ['nats://127.0.0.1:4222'],
  dataDirectory: '.data/signer',
  kekFile: '',
  streamReplicas: 1,
  logLevel: 'info',
  signature: { ...DEFAULT_SIGNATURE_POLICY },
  rollover: { ...DEFAULT_ROLLOVER_POLICY },
  checkIntervalMs: 60_000,
  maxSignaturesPerChange: 2000,
  syncTimeoutMs: 10_000,
};

type Doc = Record<string, unknown>;

/** Durations, in the YAML file (snake_case) and in SHOAL_SIGNER_* variables. */
const SIGNATURE_FIELDS: [keyof SignaturePolicy, string][] = [
  ['validity', 'VALIDITY'],
  ['refresh', 'REFRESH'],
  ['jitter', 'JITTER'],
  ['inceptionOffset', 'INCEPTION_OFFSET'],
  ['dnskeyTtl', 'DNSKEY_TTL'],
];
const ROLLOVER_FIELDS: [Exclude<keyof RolloverPolicy, 'scheme' | 'algorithm'>, string][] = [
  ['dnskeyTtl', 'DNSKEY_TTL'],
  ['maxZoneTtl', 'MAX_ZONE_TTL'],
  ['propagationDelay', 'PROPAGATION_DELAY'],
  ['publishSafety', 'PUBLISH_SAFETY'],
  ['retireSafety', 'RETIRE_SAFETY'],
  ['parentDsTtl', 'PARENT_DS_TTL'],
  ['parentPropagationDelay', 'PARENT_PROPAGATION_DELAY'],
  ['zskLifetime', 'ZSK_LIFETIME'],
  ['kskLifetime', 'KSK_LIFETIME'],
];

const snake = (env: string) => env.toLowerCase();

/**
 * The signer's settings: defaults, then the YAML file (`--config`), then `SHOAL_*` variables.
 * Durations are seconds or `15m`, `1h`, `14d`.
 */
export function loadSignerConfig(env: NodeJS.ProcessEnv, file?: string): SignerConfig {
  const doc: Doc = file ? ((parseYaml(readFileSync(file, 'utf8')) as Doc | null) ?? {}) : {};
  const config: SignerConfig = structuredClone(DEFAULTS);
  const value = (yamlKey: string, envKey: string): string | number | undefined => {
    const fromEnv = env[`SHOAL_SIGNER_${envKey}`];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const fromDoc = doc[yamlKey] ?? (doc.policy as Doc | undefined)?.[yamlKey];
    return fromDoc === undefined ? undefined : (fromDoc as string | number);
  };
  config.signerId = String(value('signer_id', 'ID') ?? config.signerId);
  const nats = env.SHOAL_NATS_URL ?? (doc.nats_url as string | undefined);
  if (nats)
    config.natsServers = String(nats)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  config.dataDirectory = String(value('data_dir', 'DATA_DIR') ?? config.dataDirectory);
  config.kekFile = String(value('kek_file', 'KEK') ?? env.SHOAL_SIGNER_KEK_FILE ?? '');
  config.logLevel = env.SHOAL_LOG_LEVEL ?? String(doc.log_level ?? config.logLevel);
  const replicas = value('stream_replicas', 'STREAM_REPLICAS');
  if (replicas !== undefined) config.streamReplicas = Number(replicas);
  for (const [field, envKey] of SIGNATURE_FIELDS) {
    const v = value(snake(envKey), envKey);
    if (v !== undefined) config.signature[field] = parseDuration(v, snake(envKey));
  }
  for (const [field, envKey] of ROLLOVER_FIELDS) {
    const v = value(snake(envKey), envKey);
    if (v !== undefined) config.rollover[field] = parseDuration(v, snake(envKey));
  }
  const algorithm = value('algorithm', 'ALGORITHM');
  if (algorithm !== undefined) {
    try {
      config.rollover.algorithm = algorithmFromText(String(algorithm));
    } catch (error) {
      throw new ConfigError(`algorithm: ${(error as Error).message}`);
    }
  }
  const scheme = value('scheme', 'SCHEME');
  if (scheme !== undefined) {
    if (scheme !== 'csk' && scheme !== 'ksk-zsk')
      throw new ConfigError(`scheme: '${scheme}' is neither ksk-zsk nor csk`);
    config.rollover.scheme = scheme;
  }
  const interval = value('check_interval', 'CHECK_INTERVAL');
  if (interval !== undefined) config.checkIntervalMs = parseDuration(interval, 'check_interval') * 1000;
  const intervalMs = env.SHOAL_SIGNER_CHECK_INTERVAL_MS;
  if (intervalMs) config.checkIntervalMs = Number(intervalMs);
  const max = value('max_signatures_per_change', 'MAX_SIGNATURES_PER_CHANGE');
  if (max !== undefined) config.maxSignaturesPerChange = Number(max);
  validate(config);
  return config;
}

function validate(config: SignerConfig): void {
  if (!config.kekFile)
    throw new ConfigError('no key-encryption key: set SHOAL_SIGNER_KEK to a file (32 octets, hex or base64)');
  const s = config.signature;
  if (s.refresh >= s.validity) throw new ConfigError('refresh must be shorter than validity');
  if (!(config.checkIntervalMs > 0)) throw new ConfigError('check_interval must be positive');
  // The DNSKEY TTL is one setting seen by both policies.
  config.rollover.dnskeyTtl = s.dnskeyTtl;
}
