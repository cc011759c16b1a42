import { ResponseRateLimiter } from '@shoal/authority';
import { ConfigError } from './config.js';

/** Response rate limiting over UDP (libs/authority rate-limit); off unless a rate is set. */
export interface RrlConfig {
  /** Replies per second per client network and kind of reply; 0 = off. */
  responsesPerSecond: number;
  slip: number;
  ipv4PrefixLength: number;
  ipv6PrefixLength: number;
  tableSize: number;
  exempt: string[];
}

interface RrlDocument {
  responses_per_second?: number;
  slip?: number;
  ipv4_prefix_length?: number;
  ipv6_prefix_length?: number;
  table_size?: number;
  exempt?: string[];
}

const int = (key: string, value: unknown, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`dns.rrl.${key}: ${value} must be ${min}..${max}`);
  return n;
};

/** `dns.rrl` from the YAML document, then SHOAL_RRL_RESPONSES_PER_SECOND and SHOAL_RRL_SLIP. */
export function parseRrlConfig(
  doc: RrlDocument | undefined,
  env: Record<string, string | undefined>,
): RrlConfig {
  const config: RrlConfig = {
    responsesPerSecond: 0,
    slip: 2,
    ipv4PrefixLength: 24,
    ipv6PrefixLength: 56,
    tableSize: 100_000,
    exempt: [],
  };
  if (doc?.responses_per_second !== undefined)
    config.responsesPerSecond = int('responses_per_second', doc.responses_per_second, 0, 1_000_000);
  if (doc?.slip !== undefined) config.slip = int('slip', doc.slip, 0, 10);
  if (doc?.ipv4_prefix_length !== undefined)
    config.ipv4PrefixLength = int('ipv4_prefix_length', doc.ipv4_prefix_length, 8, 32);
  if (doc?.ipv6_prefix_length !== undefined)
    config.ipv6PrefixLength = int('ipv6_prefix_length', doc.ipv6_prefix_length, 16, 128);
  if (doc?.table_size !== undefined) config.tableSize = int('table_size', doc.table_size, 1000, 10_000_000);
  if (doc?.exempt !== undefined) config.exempt = doc.exempt.map(String);
  if (env.SHOAL_RRL_RESPONSES_PER_SECOND)
    config.responsesPerSecond = int('responses_per_second', env.SHOAL_RRL_RESPONSES_PER_SECOND, 0, 1_000_000);
  if (env.SHOAL_RRL_SLIP) config.slip = int('slip', env.SHOAL_RRL_SLIP, 0, 10);
  // The exemptions are checked by building a limiter once.
  rateLimiter(config);
  return config;
}

export function rateLimiter(config: RrlConfig): ResponseRateLimiter | undefined {
  if (config.responsesPerSecond === 0) return undefined;
  try {
    return new ResponseRateLimiter({
      responsesPerSecond: config.responsesPerSecond,
      slip: config.slip,
      ipv4PrefixLength: config.ipv4PrefixLength,
      ipv6PrefixLength: config.ipv6PrefixLength,
      tableSize: config.tableSize,
      exempt: config.exempt,
    });
  } catch (e) {
    throw new ConfigError(`dns.rrl: ${(e as Error).message}`);
  }
}
