import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const API_KEY_COOKIE = 'shoal_api_key';

/** The key a request offers: X-API-Key (as PowerDNS), a bearer token, or the dashboard's cookie. */
export function offeredKey(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = req.headers.authorization;
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return bearer;
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === API_KEY_COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** True when no key is configured, or the offered one matches (compared in constant time). */
export function keyAccepted(expected: string | undefined, offered: string | undefined): boolean {
  if (expected === undefined) return true;
  if (offered === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}
