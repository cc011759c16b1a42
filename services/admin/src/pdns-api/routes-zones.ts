import { isIP } from 'node:net';
import type { ZoneSettings as ApiZoneSettings } from '@shoal/admin-api';
import { type Name, RRType, rrTypeFromString } from '@shoal/dns-wire';
import { ZoneKind, type ZoneSettings } from '@shoal/events';
import type { ZoneMeta } from '@shoal/projection';
import { authorize } from '../auth.js';
import { TsigKeyNotFoundError } from '../errors.js';
import type { CommentChange } from '../rrset-comments.js';
import type { RRsetEdit } from '../zone-admin.js';
import { zoneFileChunks } from '../zone-export.js';
import type { PdnsApiDeps } from './deps.js';
import { asPdnsError } from './error-mapping.js';
import { ApiError, HttpError } from './http-error.js';
import { arrayField, isObject, type JsonObject, parseJsonBody, stringField } from './json-fields.js';
import type { RRsetRef } from './messages.js';
import type { ApiRequest, ApiResponse, Router } from './router.js';
import { type RRsetBody, readRRsetBody } from './rrset-body.js';
import { signingFromDocument } from './zone-dnssec.js';
import { apiName, checkNameCharacters, zoneIdToName } from './zone-id.js';
import { AXFR_MASTER_TSIG, kindFromName, policyFromSoaEditApi, zoneDetail, zoneInfo } from './zone-json.js';

const BASE = '/api/v1/servers/:server';

function zoneOf(deps: PdnsApiDeps, req: ApiRequest): { origin: Name; meta: ZoneMeta } {
  const origin = zoneIdToName(req.params.id);
  const meta = deps.admin.store.zone(origin.key);
  if (!meta) throw new HttpError(404);
  return { origin, meta };
}

function wantRRsets(req: ApiRequest): boolean {
  const v = req.query.get('rrsets');
  if (v === null || v === 'true') return true;
  if (v === 'false') return false;
  throw new ApiError(`'rrsets' request parameter value '${v}' is not supported`);
}

function masters(doc: JsonObject): string[] | undefined {
  const list = arrayField(doc, 'masters');
  if (!list) return undefined;
  return list.map((m) => {
    const text = typeof m === 'string' ? m : '';
    if (text === '') throw new ApiError('Master can not be an empty string');
    const host = text.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^([0-9.]+):\d+$/, '$1');
    if (!isIP(host)) throw new ApiError(`Master (${text}) is not an IP address: unable to convert`);
    return text;
  });
}

async function keyIds(deps: PdnsApiDeps, doc: JsonObject, field: string): Promise<string[] | undefined> {
  const list = doc[field];
  if (list === undefined || list === null) return undefined;
  const out: string[] = [];
  for (const id of Array.isArray(list) ? list : []) {
    const name = zoneIdToName(typeof id === 'string' ? id : '').key;
    try {
      await deps.tsigKeys().get(name);
    } catch (e) {
      if (e instanceof TsigKeyNotFoundError)
        throw new ApiError(`A TSIG key with the name '${name}' does not exist`);
      throw e;
    }
    out.push(name);
  }
  return out;
}

function refs(rrsets: readonly RRsetBody[], changetypes?: string[]): RRsetRef[] {
  return rrsets.map((r, i) => ({
    name: r.name,
    type: r.type,
    records: r.records ?? [],
    changetype: changetypes?.[i],
  }));
}

export function zoneRoutes(router: Router, deps: PdnsApiDeps): void {
  const { admin } = deps;
  const notified = (meta: ZoneMeta) => deps.control.notifiedSerial(meta.name);

  router.add(`${BASE}/zones`, {
    GET: async (req) => {
      let metas = admin.store.listZones().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const zone = req.query.get('zone');
      if (zone !== null) {
        checkNameCharacters(zone);
        const name = apiName(zone);
        metas = metas.filter((m) => m.name === name.key);
      }
      return { status: 200, json: metas.map((m) => zoneInfo(m, notified(m))) };
    },
    POST: async (req) => createZone(deps, req),
  });

  router.add(`${BASE}/zones/:id`, {
    GET: async (req) => {
      const { meta } = zoneOf(deps, req);
      const rrsetName = req.query.get('rrset_name');
      const rrsetType = req.query.get('rrset_type');
      let type: number | undefined;
      if (rrsetType !== null) {
        try {
          type = rrTypeFromString(rrsetType);
        } catch {
          throw new ApiError(`RRset type '${rrsetType}' is unknown`);
        }
      }
      return {
        status: 200,
        json: await zoneDetail(admin.store, meta, notified(meta), {
          rrsets: wantRRsets(req),
          name: rrsetName !== null ? apiName(rrsetName) : undefined,
          type: rrsetName !== null ? type : undefined,
        }),
      };
    },
    PUT: async (req) => {
      const { origin, meta } = zoneOf(deps, req);
      authorize(req.principal, { kind: 'write-zone', zone: origin.key });
      const doc = parseJsonBody(req.body);
      const update: Partial<ApiZoneSettings> = {};
      const mask: string[] = [];
      if (typeof doc.kind === 'string') {
        update.kind = kindFromName(doc.kind);
        mask.push('kind');
      }
      const primaries = masters(doc);
      if (primaries) {
        update.primaries = primaries;
        mask.push('primaries');
      }
      if (typeof doc.account === 'string') {
        update.account = doc.account;
        mask.push('account');
      }
      if (typeof doc.catalog === 'string') {
        update.catalog = catalogName(doc.catalog);
        mask.push('catalog');
      }
      if (typeof doc.soa_edit_api === 'string') {
        update.serialPolicy = policyFromSoaEditApi(doc.soa_edit_api);
        mask.push('serial_policy');
      }
      // dnssec / nsec3param: the zone's signing settings, validated as SetSigning validates them.
      const dnssec = signingFromDocument(origin.toString(), meta.settings.dnssec, doc);
      const tsigKeys = await keyIds(deps, doc, 'master_tsig_key_ids');
      if (tsigKeys) {
        update.tsigKeys = tsigKeys;
        mask.push('tsig_keys');
      }
      const secondaryKeys = await keyIds(deps, doc, 'slave_tsig_key_ids');
      try {
        // One ZoneSettingsChanged for the whole document, signing included (the signers act on it).
        await admin.writeSettings(origin, req.caller, (current) => {
          const next = { ...current, ...settingsFrom(update, mask) };
          if (secondaryKeys) next.metadata = withMetadata(current.metadata, AXFR_MASTER_TSIG, secondaryKeys);
          if (dnssec) next.dnssec = dnssec;
          return next;
        });
      } catch (e) {
        throw asPdnsError(e);
      }
      return { status: 204 };
    },
    DELETE: async (req) => {
      const { origin } = zoneOf(deps, req);
      authorize(req.principal, { kind: 'write-zone', zone: origin.key });
      try {
        await admin.deleteZone(origin.key, req.caller);
      } catch (e) {
        throw asPdnsError(e);
      }
      return { status: 204 };
    },
    PATCH: async (req) => patchZone(deps, req),
  });

  router.add(`${BASE}/zones/:id/export`, {
    GET: async (req) => {
      const { meta } = zoneOf(deps, req);
      let text = '';
      for await (const chunk of zoneFileChunks(admin.store, meta)) text += chunk.text;
      if (req.acceptJson) return { status: 200, json: { zone: text } };
      return { status: 200, text, contentType: 'text/plain; charset=us-ascii' };
    },
  });

  router.add(`${BASE}/zones/:id/notify`, {
    PUT: async (req) => {
      const { meta } = zoneOf(deps, req);
      authorize(req.principal, { kind: 'write-zone', zone: meta.name });
      await deps.control.notify(meta.name, meta.serial, req.caller.traceparent);
      deps.stats.count('notifies-requested');
      return { status: 200, json: { result: 'Notification queued' } };
    },
  });

  router.add(`${BASE}/zones/:id/axfr-retrieve`, {
    PUT: async (req) => {
      const { origin, meta } = zoneOf(deps, req);
      authorize(req.principal, { kind: 'write-zone', zone: meta.name });
      if (meta.settings.primaries.length === 0) {
        throw new ApiError(`Domain '${origin}' is not a slave domain (or has no master defined)`);
      }
      // The transfer bridges pull a secondary zone from its primary on dns.control.refresh.
      await deps.control.refresh(meta.name, req.caller.traceparent);
      const primary = meta.settings.primaries[0];
      return {
        status: 200,
        json: { result: `Added retrieval request for '${origin}' from master ${primary}` },
      };
    },
  });

  router.add(`${BASE}/zones/:id/rectify`, {
    // Nothing to rectify, signed or not: the signers keep a signed zone's NSEC/NSEC3 chain and
    // signatures current with every change (they are part of the change's event), and there is
    // no ordername or auth flag to fix; the projection orders names itself.
    PUT: async (req) => {
      const { meta } = zoneOf(deps, req);
      authorize(req.principal, { kind: 'write-zone', zone: meta.name });
      return { status: 200, json: { result: 'Rectified' } };
    },
  });
}

/** The "catalog" field: a zone name, canonical; '' for none. */
function catalogName(text: string): string {
  return text === '' ? '' : apiName(text).key;
}

/** The masked fields of an update, in event-settings terms. */
function settingsFrom(update: Partial<ApiZoneSettings>, mask: string[]): Partial<ZoneSettings> {
  const next: Partial<ZoneSettings> = {};
  if (mask.includes('kind')) next.kind = update.kind as number;
  if (mask.includes('primaries')) next.primaries = update.primaries ?? [];
  if (mask.includes('account')) next.account = update.account ?? '';
  if (mask.includes('catalog')) next.catalog = update.catalog ?? '';
  if (mask.includes('serial_policy')) next.serialPolicy = update.serialPolicy as number;
  if (mask.includes('tsig_keys')) next.tsigKeys = update.tsigKeys ?? [];
  return next;
}

export function withMetadata(
  metadata: Record<string, { values: string[] }>,
  kind: string,
  values: string[],
): Record<string, { values: string[] }> {
  const next = { ...metadata };
  if (values.length) next[kind] = { values };
  else delete next[kind];
  return next;
}

async function createZone(deps: PdnsApiDeps, req: ApiRequest): Promise<ApiResponse> {
  const doc = parseJsonBody(req.body);
  const nameText = stringField(doc, 'name');
  const origin = apiName(nameText);
  checkNameCharacters(origin.toString());
  authorize(req.principal, { kind: 'write-zone', zone: origin.key });
  if (deps.admin.store.zone(origin.key)) throw new HttpError(409);
  const kind = kindFromName(stringField(doc, 'kind'));
  const zoneText = typeof doc.zone === 'string' ? doc.zone : '';
  const rrsetDocs = arrayField(doc, 'rrsets');
  if (rrsetDocs && zoneText !== '') throw new ApiError('You cannot give rrsets AND zone data as text');
  const nameserverDocs = doc.nameservers;
  if (
    nameserverDocs !== undefined &&
    nameserverDocs !== null &&
    !Array.isArray(nameserverDocs) &&
    kind !== ZoneKind.ZONE_KIND_SECONDARY &&
    kind !== ZoneKind.ZONE_KIND_CONSUMER
  ) {
    throw new ApiError('Nameservers is not a list');
  }
  const rrsets = (rrsetDocs ?? []).map(readRRsetBody);
  for (const r of rrsets) {
    if (!apiName(r.name).isSubdomainOf(origin))
      throw new ApiError(`RRset ${r.name} IN ${r.type}: Name is out of zone`);
  }
  const haveZoneNs = rrsets.some(
    (r) => r.typeCode === RRType.NS && r.records?.length && apiName(r.name).equals(origin),
  );
  const nameservers: string[] = [];
  for (const ns of Array.isArray(nameserverDocs) ? nameserverDocs : []) {
    if (typeof ns !== 'string' || ns === '') throw new ApiError('Nameservers must be non-empty strings');
    if (!ns.endsWith('.')) throw new ApiError(`Nameserver is not canonical: '${ns}'`);
    if (haveZoneNs) throw new ApiError('Nameservers list MUST NOT be mixed with zone-level NS in rrsets');
    nameservers.push(ns);
  }
  // A zone created signed: its ZoneCreated is signed by the signers (keys made on first use).
  const dnssec = signingFromDocument(origin.toString(), undefined, doc);
  const settings: Partial<ApiZoneSettings> = {
    kind,
    // PowerDNS gives API-created zones SOA-EDIT-API DEFAULT: date serials.
    serialPolicy: policyFromSoaEditApi(typeof doc.soa_edit_api === 'string' ? doc.soa_edit_api : 'DEFAULT'),
    primaries: masters(doc) ?? [],
    account: typeof doc.account === 'string' ? doc.account : '',
    catalog: typeof doc.catalog === 'string' ? catalogName(doc.catalog) : '',
    tsigKeys: (await keyIds(deps, doc, 'master_tsig_key_ids')) ?? [],
  };
  const secondaryKeys = await keyIds(deps, doc, 'slave_tsig_key_ids');
  if (secondaryKeys?.length) settings.metadata = { [AXFR_MASTER_TSIG]: { values: secondaryKeys } };
  const comments: CommentChange[] = rrsets
    .filter((r) => r.comments?.length)
    .map((r) => ({ owner: apiName(r.name), type: r.typeCode, comments: r.comments ?? [] }));
  try {
    if (zoneText !== '') {
      await deps.importer.import(
        [zoneText],
        {
          zone: origin.key,
          mode: 'one-change',
          create: true,
          settings,
          dnssec,
          dryRun: false,
          soaPrimary: deps.defaultSoaPrimary,
        },
        req.caller,
      );
    } else {
      await deps.admin.createZone(
        {
          name: origin.key,
          settings,
          rrsets: rrsets
            .filter((r) => r.records?.length)
            .map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, records: r.records ?? [] })),
          nameservers,
          comments,
          dnssec,
        },
        req.caller,
        { soaPrimary: deps.defaultSoaPrimary },
      );
    }
  } catch (e) {
    throw asPdnsError(e, refs(rrsets.filter((r) => r.records?.length)));
  }
  const meta = deps.admin.store.zone(origin.key);
  if (!meta) throw new HttpError(500, 'the new zone is not visible yet');
  return {
    status: 201,
    json: await zoneDetail(deps.admin.store, meta, 0, { rrsets: wantRRsets(req) }),
  };
}

/**
 * PATCH: RRset changes applied as ONE ChangeSet. PowerDNS applies the list in order inside a
 * transaction, so a later change to the same RRset (with another changetype) overrides an
 * earlier one; that is reproduced by keeping the last.
 */
async function patchZone(deps: PdnsApiDeps, req: ApiRequest): Promise<ApiResponse> {
  const { origin, meta } = zoneOf(deps, req);
  authorize(req.principal, { kind: 'write-zone', zone: origin.key });
  const doc = parseJsonBody(req.body);
  const list = arrayField(doc, 'rrsets');
  if (!list) throw new ApiError('No rrsets given in update request');
  const seen = new Set<string>();
  const byRRset = new Map<string, { edit: RRsetEdit; body: RRsetBody; changetype: string }>();
  for (const item of list) {
    const changetype = stringField(isObject(item) ? item : {}, 'changetype').toUpperCase();
    const body = readRRsetBody(item);
    const owner = apiName(body.name);
    const id = `${owner.key}/${body.typeCode}`;
    if (seen.has(`${id}/${changetype}`)) {
      throw new ApiError(`Duplicate RRset ${body.name} IN ${body.type} with changetype: ${changetype}`);
    }
    seen.add(`${id}/${changetype}`);
    const rrset = { name: body.name, type: body.type, ttl: body.ttl, records: body.records ?? [] };
    if (changetype === 'DELETE') {
      // PowerDNS lets DELETE "fix" out-of-zone records; there are none here, so it is a no-op.
      if (!owner.isSubdomainOf(origin)) continue;
      byRRset.delete(id);
      byRRset.set(id, { edit: { op: 'delete', rrset }, body, changetype });
    } else if (changetype === 'REPLACE') {
      if (!owner.isSubdomainOf(origin))
        throw new ApiError(`RRset ${body.name} IN ${body.type}: Name is out of zone`);
      if (!body.records && !body.comments)
        throw new ApiError(`No change for RRset ${body.name} IN ${body.type}`);
      byRRset.delete(id);
      byRRset.set(id, {
        edit: { op: 'replace', rrset, comments: body.comments, keepRecords: body.records === undefined },
        body,
        changetype,
      });
    } else throw new ApiError('Changetype not understood');
  }
  const entries = [...byRRset.values()];
  try {
    await deps.admin.editRRsets(
      origin.key,
      entries.map((e) => e.edit),
      req.caller,
    );
  } catch (e) {
    throw asPdnsError(
      e,
      refs(
        entries.map((e) => e.body),
        entries.map((e) => e.changetype),
      ),
    );
  }
  const after = deps.admin.store.zone(origin.key);
  return {
    status: 204,
    headers: {
      'X-PDNS-Old-Serial': String(meta.serial),
      'X-PDNS-New-Serial': String(after?.serial ?? meta.serial),
    },
  };
}
