import type { ZoneSettings } from '@shoal/events';
import { authorize } from '../auth.js';
import { ValidationError } from '../errors.js';
import type { PdnsApiDeps } from './deps.js';
import { ApiError, HttpError } from './http-error.js';
import { type JsonObject, parseJsonBody } from './json-fields.js';
import type { ApiRequest, Router } from './router.js';
import { withMetadata } from './routes-zones.js';
import { zoneIdToName } from './zone-id.js';
import { soaEditApiName } from './zone-json.js';

/** The kinds PowerDNS 4.7 knows (pdns/ws-auth.cc isValidMetadataKind), besides any X-... kind. */
const BUILTIN = new Set([
  'ALLOW-AXFR-FROM',
  'AXFR-SOURCE',
  'ALLOW-DNSUPDATE-FROM',
  'TSIG-ALLOW-DNSUPDATE',
  'FORWARD-DNSUPDATE',
  'SOA-EDIT-DNSUPDATE',
  'NOTIFY-DNSUPDATE',
  'ALSO-NOTIFY',
  'AXFR-MASTER-TSIG',
  'GSS-ALLOW-AXFR-PRINCIPAL',
  'GSS-ACCEPTOR-PRINCIPAL',
  'IXFR',
  'LUA-AXFR-SCRIPT',
  'NSEC3NARROW',
  'NSEC3PARAM',
  'PRESIGNED',
  'PUBLISH-CDNSKEY',
  'PUBLISH-CDS',
  'SLAVE-RENOTIFY',
  'SOA-EDIT',
  'TSIG-ALLOW-AXFR',
  'TSIG-ALLOW-DNSUPDATE',
]);
/** Kinds the API may read but not change (set through the zone object or not at all). */
const PROTECTED = new Set([
  'API-RECTIFY',
  'AXFR-MASTER-TSIG',
  'NSEC3NARROW',
  'NSEC3PARAM',
  'PRESIGNED',
  'LUA-AXFR-SCRIPT',
  'TSIG-ALLOW-AXFR',
]);

function validKind(kind: string, readonly: boolean): boolean {
  if (kind.startsWith('X-')) return true;
  return BUILTIN.has(kind) && (readonly || !PROTECTED.has(kind));
}

/**
 * The zone's metadata as PowerDNS lists it. Kinds with a meaning here live in the settings
 * (ALLOW-AXFR-FROM = transfer_acl, ALSO-NOTIFY = also_notify, TSIG-ALLOW-AXFR = tsig_keys,
 * SOA-EDIT-API = serial_policy); the rest are kept as they are in settings.metadata.
 */
export function metadataOf(settings: ZoneSettings): Map<string, string[]> {
  const all = new Map<string, string[]>();
  if (settings.transferAcl.length) all.set('ALLOW-AXFR-FROM', settings.transferAcl);
  if (settings.alsoNotify.length) all.set('ALSO-NOTIFY', settings.alsoNotify);
  if (settings.tsigKeys.length) all.set('TSIG-ALLOW-AXFR', settings.tsigKeys);
  all.set('SOA-EDIT-API', [soaEditApiName(settings.serialPolicy)]);
  for (const [kind, v] of Object.entries(settings.metadata)) all.set(kind, v.values);
  return new Map([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function withKind(settings: ZoneSettings, kind: string, values: string[]): ZoneSettings {
  if (kind === 'ALLOW-AXFR-FROM') return { ...settings, transferAcl: values };
  if (kind === 'ALSO-NOTIFY') return { ...settings, alsoNotify: values };
  return { ...settings, metadata: withMetadata(settings.metadata, kind, values) };
}

function valuesOf(doc: JsonObject): string[] {
  if (!Array.isArray(doc.metadata)) throw new ApiError('metadata is not specified or not an array');
  return doc.metadata.map((v) => {
    if (typeof v !== 'string') throw new ApiError('metadata must be strings');
    return v;
  });
}

const entry = (kind: string, metadata: string[]) => ({ kind, metadata, type: 'Metadata' });

export function metadataRoutes(router: Router, deps: PdnsApiDeps): void {
  const zone = (req: ApiRequest) => {
    const origin = zoneIdToName(req.params.id);
    const meta = deps.admin.store.zone(origin.key);
    if (!meta) throw new HttpError(404);
    return { origin, meta };
  };
  const write = async (req: ApiRequest, kind: string, update: (current: string[]) => string[]) => {
    const { origin } = zone(req);
    authorize(req.principal, { kind: 'write-zone', zone: origin.key });
    let result: string[] = [];
    try {
      await deps.admin.writeSettings(origin, req.caller, (settings) => {
        result = update(metadataOf(settings).get(kind) ?? []);
        return withKind(settings, kind, result);
      });
    } catch (e) {
      if (e instanceof ValidationError) throw new ApiError(e.violations[0].message);
      throw e;
    }
    return result;
  };
  const base = '/api/v1/servers/:server/zones/:id/metadata';
  router.add(base, {
    GET: async (req) => ({
      status: 200,
      json: [...metadataOf(zone(req).meta.settings)].map(([k, v]) => entry(k, v)),
    }),
    POST: async (req) => {
      zone(req);
      const doc = parseJsonBody(req.body);
      if (typeof doc.kind !== 'string') throw new ApiError('kind is not specified or not a string');
      const kind = doc.kind;
      if (!validKind(kind, false)) throw new ApiError(`Unsupported metadata kind '${kind}'`);
      const added = valuesOf(doc);
      const values = await write(req, kind, (current) => [
        ...current,
        ...added.filter((v, i) => !current.includes(v) && added.indexOf(v) === i),
      ]);
      return { status: 201, json: entry(kind, values) };
    },
  });
  router.add(`${base}/:kind`, {
    GET: async (req) => {
      const { meta } = zone(req);
      const kind = req.params.kind;
      if (!validKind(kind, true)) throw new ApiError(`Unsupported metadata kind '${kind}'`);
      return { status: 200, json: entry(kind, metadataOf(meta.settings).get(kind) ?? []) };
    },
    PUT: async (req) => {
      zone(req);
      const kind = req.params.kind;
      const doc = parseJsonBody(req.body);
      if (!validKind(kind, false)) throw new ApiError(`Unsupported metadata kind '${kind}'`);
      const values = valuesOf(doc);
      await write(req, kind, () => values);
      return { status: 200, json: entry(kind, values) };
    },
    DELETE: async (req) => {
      zone(req);
      const kind = req.params.kind;
      if (!validKind(kind, false)) throw new ApiError(`Unsupported metadata kind '${kind}'`);
      await write(req, kind, () => []);
      // PowerDNS 4.7 answers a metadata DELETE with 200 and an empty body.
      return { status: 200, text: '', contentType: 'text/html; charset=utf-8' };
    },
  });
}
