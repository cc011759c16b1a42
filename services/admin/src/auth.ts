import { timingSafeEqual } from 'node:crypto';
import { PermissionDeniedError, UnauthenticatedError } from './errors.js';

export type Role = 'reader' | 'writer' | 'admin';

export interface TokenGrant {
  token: string;
  role: Role;
  /** For writers: the zones (and their subzones) they may change; empty = all. */
  zones?: string[];
  /** A name for logs and provenance ("actor"). */
  name?: string;
}

export interface Principal {
  name: string;
  role: Role;
  zones: string[];
}

export type Permission = { kind: 'read' } | { kind: 'write-zone'; zone: string } | { kind: 'admin' };

/** Bearer-token authentication with roles; tokens are compared in constant time. */
export class TokenAuthenticator {
  constructor(private readonly grants: TokenGrant[]) {}

  get configured(): boolean {
    return this.grants.length > 0;
  }

  authenticate(token: string | undefined): Principal {
    if (!token) throw new UnauthenticatedError('missing bearer token');
    const offered = Buffer.from(token);
    for (const g of this.grants) {
      const known = Buffer.from(g.token);
      if (known.length === offered.length && timingSafeEqual(known, offered)) {
        return { name: g.name ?? `token:${g.role}`, role: g.role, zones: (g.zones ?? []).map(canonicalZone) };
      }
    }
    throw new UnauthenticatedError('unknown token');
  }
}

function canonicalZone(z: string): string {
  const lower = z.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

export function authorize(principal: Principal, permission: Permission): void {
  if (principal.role === 'admin') return;
  if (permission.kind === 'read') return;
  if (permission.kind === 'admin') throw new PermissionDeniedError(`${principal.name} is not an admin`);
  if (principal.role !== 'writer') throw new PermissionDeniedError(`${principal.name} may only read`);
  if (principal.zones.length === 0) return;
  const zone = canonicalZone(permission.zone);
  if (!principal.zones.some((z) => zone === z || zone.endsWith(`.${z}`))) {
    throw new PermissionDeniedError(`${principal.name} may not change zone ${zone}`);
  }
}

/** Extracts the token from an "Authorization: Bearer <token>" value. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
