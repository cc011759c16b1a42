import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';

export interface FleetWebConfig {
  /** Undefined: no fleet page. */
  listen?: { address: string; port: number };
  /** False for the default address: a busy port then only warns. */
  explicit: boolean;
  /** A key for the page besides the admin's bearer tokens (a read-only screen, say). */
  apiKey?: string;
}

export class FleetWebConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_FLEET_WEB = { address: '127.0.0.1', port: 8054 };

function loopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

/**
 * The `fleet_web` section of the admin's YAML file (`listen`, `api_key`) and its environment
 * overrides SHOAL_FLEET_WEB_LISTEN (address:port or off) and SHOAL_FLEET_WEB_API_KEY. Every
 * request needs a credential (an admin bearer token of any role, or this key), wherever it
 * listens. Pure apart from reading the file.
 */
export function loadFleetWebConfig(env: Record<string, string | undefined>, file?: string): FleetWebConfig {
  let section: Record<string, unknown> = {};
  if (file) {
    let doc: Record<string, unknown>;
    try {
      doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new FleetWebConfigError(`${file}: ${(e as Error).message}`);
    }
    const s = doc.fleet_web;
    if (s !== undefined && s !== null && (typeof s !== 'object' || Array.isArray(s))) {
      throw new FleetWebConfigError('fleet_web: must be a mapping');
    }
    section = (s ?? {}) as Record<string, unknown>;
  }
  const text =
    env.SHOAL_FLEET_WEB_LISTEN ?? (section.listen === false ? 'off' : (section.listen as string | undefined));
  let listen: FleetWebConfig['listen'] = DEFAULT_FLEET_WEB;
  if (text !== undefined) {
    if (['off', 'false', 'none'].includes(String(text))) listen = undefined;
    else {
      const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(String(text).trim());
      if (!m || Number(m[2]) > 65535 || (m[1] !== 'localhost' && isIP(m[1]) === 0)) {
        throw new FleetWebConfigError(
          `fleet_web.listen: ${JSON.stringify(text)} is not address:port (or off)`,
        );
      }
      listen = { address: m[1], port: Number(m[2]) };
    }
  }
  const apiKey = env.SHOAL_FLEET_WEB_API_KEY || (section.api_key as string | undefined) || undefined;
  if (apiKey !== undefined && String(apiKey).length < 16)
    throw new FleetWebConfigError('fleet_web.api_key: must be at least 16 characters');
  return { listen, explicit: text !== undefined, apiKey: apiKey === undefined ? undefined : String(apiKey) };
}

export { loopback as isLoopbackAddress };
