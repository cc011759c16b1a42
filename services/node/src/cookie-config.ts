import { ServerCookies } from '@shoal/authority';
import { ConfigError } from './config.js';
import { readKeyFile } from './control/ops-config.js';

/** DNS Cookies (RFC 7873) with RFC 9018 server cookies. */
export interface CookieConfig {
  enabled: boolean;
  /**
   * Secrets as 32 hex digits (128 bits). The first makes new cookies; all are accepted, so a
   * fleet rolls over by putting the new secret first and keeping the old one until every node
   * has it (RFC 9018 §5). Nodes behind one anycast address must share them.
   */
  secrets: string[];
  /** UDP queries without a valid server cookie get BADCOOKIE instead of an answer. */
  requireOverUdp: boolean;
}

interface CookieDocument {
  enabled?: boolean;
  secret?: string | string[];
  secret_file?: string;
  require?: boolean;
}

const splitSecrets = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * `dns.cookies` from the YAML document, then SHOAL_COOKIES (on, off or require),
 * SHOAL_COOKIE_SECRET (comma-separated) and SHOAL_COOKIE_SECRET_FILE. With no secret
 * configured, SHOAL_COOKIE_SECRET_GENERATED (made once per start by main.ts and inherited by
 * the workers, so they all accept one another's cookies) is used.
 */
export function parseCookieConfig(doc: CookieDocument | undefined, env: Record<string, string | undefined>) {
  const config: CookieConfig = { enabled: true, secrets: [], requireOverUdp: false };
  if (doc?.enabled !== undefined) config.enabled = doc.enabled === true;
  if (doc?.require !== undefined) config.requireOverUdp = doc.require === true;
  if (doc?.secret !== undefined)
    config.secrets = Array.isArray(doc.secret) ? doc.secret.map(String) : [doc.secret];
  if (doc?.secret_file)
    config.secrets = splitSecrets(readKeyFile('dns.cookies.secret_file', doc.secret_file));
  switch (env.SHOAL_COOKIES) {
    case undefined:
    case '':
      break;
    case 'on':
      config.enabled = true;
      config.requireOverUdp = false;
      break;
    case 'off':
      config.enabled = false;
      break;
    case 'require':
      config.enabled = true;
      config.requireOverUdp = true;
      break;
    default:
      throw new ConfigError(`SHOAL_COOKIES: ${JSON.stringify(env.SHOAL_COOKIES)} must be on, off or require`);
  }
  if (env.SHOAL_COOKIE_SECRET_FILE)
    config.secrets = splitSecrets(readKeyFile('SHOAL_COOKIE_SECRET_FILE', env.SHOAL_COOKIE_SECRET_FILE));
  if (env.SHOAL_COOKIE_SECRET) config.secrets = splitSecrets(env.SHOAL_COOKIE_SECRET);
  for (const secret of config.secrets) {
    if (!/^[0-9a-fA-F]{32}$/.test(secret))
      throw new ConfigError('dns.cookies.secret: each secret must be 32 hex digits (128 bits)');
  }
  if (config.enabled && config.secrets.length === 0 && env.SHOAL_COOKIE_SECRET_GENERATED)
    config.secrets = [env.SHOAL_COOKIE_SECRET_GENERATED];
  return config;
}

/** The answer engine's cookie handling for `config`; none when off or without a secret. */
export function serverCookies(config: CookieConfig): ServerCookies | undefined {
  if (!config.enabled || config.secrets.length === 0) return undefined;
  return new ServerCookies({
    secrets: config.secrets.map((s) => Uint8Array.from(Buffer.from(s, 'hex'))),
    requireOverUdp: config.requireOverUdp,
  });
}
