import type { DnssecKey } from '@shoal/admin-api';
import type { Name } from '@shoal/dns-wire';
import type { ZoneMeta } from '@shoal/projection';
import { authorize } from '../auth.js';
import { SignerUnavailableError } from '../dnssec/index.js';
import { algorithmFromJson, checkBits, cryptokeyJson, findKey, PUBLISHED_STATES } from './cryptokeys.js';
import type { PdnsApiDeps } from './deps.js';
import { asPdnsError } from './error-mapping.js';
import { ApiError, HttpError } from './http-error.js';
import { boolField, type JsonObject, parseJsonBody, stringField } from './json-fields.js';
import type { ApiRequest, Router } from './router.js';
import { zoneIdToName } from './zone-id.js';

const BASE = '/api/v1/servers/:server/zones/:id/cryptokeys';

/** An optional boolean field: undefined when absent or null, else it must be a boolean. */
function optionalBool(doc: JsonObject, key: string): boolean | undefined {
  return doc[key] === undefined || doc[key] === null ? undefined : boolField(doc, key);
}

/**
 * /zones/{id}/cryptokeys: PowerDNS's key API over the DnssecService (the signers hold the keys
 * and generate them; nothing here sees a private key).
 *
 * - GET lists the keys; GET /{key} one, without `privatekey`. In a zone that is not signed no
 *   key is active or published (the signers keep its keys; nothing of them is served).
 * - POST generates a key (`keytype`, `active`, `published`, `algorithm`, `bits`); an active key
 *   turns signing on for an unsigned zone, as an active key secures a zone in PowerDNS.
 *   Importing a `privatekey` (or `content`) is refused: the signers generate every key.
 * - PUT {active} activates (publish, then sign: pre-published when another key of the role
 *   signs; an unsigned zone is signed from then on) or deactivates (retire: the key stops signing and leaves the DNSKEY RRset after the
 *   retire interval).
 * - DELETE removes a key that is no longer in the DNSKEY RRset.
 *
 * What has no counterpart (unpublishing a key, publishing one that does not sign, a key size
 * the signers do not generate) is refused with 422 and the reason, as PowerDNS refuses
 * invalid requests.
 */
export function cryptokeyRoutes(router: Router, deps: PdnsApiDeps): void {
  const zoneOf = (req: ApiRequest): { origin: Name; meta: ZoneMeta } => {
    const origin = zoneIdToName(req.params.id);
    const meta = deps.admin.store.zone(origin.key);
    if (!meta) throw new HttpError(404);
    return { origin, meta };
  };
  const keysOf = async (req: ApiRequest, origin: Name, meta: ZoneMeta): Promise<DnssecKey[]> => {
    try {
      return (await deps.dnssec.listKeys(origin.key, req.caller.actor)).keys;
    } catch (e) {
      // A fleet without signers has no keys: an unsigned zone lists none rather than failing.
      if (e instanceof SignerUnavailableError && !meta.settings.dnssec?.signed) return [];
      throw asPdnsError(e);
    }
  };
  const writing = async <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (e) {
      throw asPdnsError(e);
    }
  };
  const isSigned = (meta: ZoneMeta) => Boolean(meta.settings.dnssec?.signed);
  // An active key secures the zone (as in PowerDNS): the signers sign it from now on (NSEC).
  const secure = async (req: ApiRequest, origin: Name, meta: ZoneMeta) => {
    if (isSigned(meta)) return;
    await deps.dnssec.setSigning(
      origin.key,
      { signed: true, nsec3: false, nsec3Iterations: 0, nsec3Salt: '', nsec3OptOut: false },
      req.caller,
    );
  };

  router.add(BASE, {
    GET: async (req) => {
      const { origin, meta } = zoneOf(req);
      const keys = await keysOf(req, origin, meta);
      return { status: 200, json: keys.map((k) => cryptokeyJson(origin, k, isSigned(meta))) };
    },
    POST: async (req) => {
      const { origin, meta } = zoneOf(req);
      authorize(req.principal, { kind: 'write-zone', zone: origin.key });
      const doc = parseJsonBody(req.body);
      for (const field of ['privatekey', 'content']) {
        if (doc[field] !== undefined && doc[field] !== null) {
          throw new ApiError(
            'Importing a private key is not supported: the signers generate the keys of a zone, and private keys never leave them',
          );
        }
      }
      const keytype = stringField(doc, 'keytype');
      if (!['ksk', 'zsk', 'csk'].includes(keytype)) throw new ApiError(`Invalid keytype ${keytype}`);
      const active = optionalBool(doc, 'active') ?? false;
      const published = optionalBool(doc, 'published');
      const algorithm = algorithmFromJson(doc.algorithm);
      checkBits(doc.bits, algorithm);
      if (active && published === false) {
        throw new ApiError('A key that signs is published: an active key cannot be unpublished');
      }
      if (!active && published === true) {
        throw new ApiError(
          'Publishing a key that does not sign is not supported: create it active (it is pre-published while another key of its type signs), or inactive and unpublished',
        );
      }
      const created = await writing(async () => {
        const [key] = (
          await deps.dnssec.generateKey(
            origin.key,
            { role: keytype, algorithm, activate: active },
            req.caller.actor,
          )
        ).keys;
        if (active) await secure(req, origin, meta);
        return key;
      });
      return { status: 201, json: cryptokeyJson(origin, created, active || isSigned(meta)) };
    },
  });

  router.add(`${BASE}/:keyid`, {
    GET: async (req) => {
      const { origin, meta } = zoneOf(req);
      const key = findKey(await keysOf(req, origin, meta), req.params.keyid);
      return { status: 200, json: cryptokeyJson(origin, key, isSigned(meta)) };
    },
    PUT: async (req) => {
      const { origin, meta } = zoneOf(req);
      authorize(req.principal, { kind: 'write-zone', zone: origin.key });
      const key = findKey(await keysOf(req, origin, meta), req.params.keyid);
      const doc = parseJsonBody(req.body);
      const active = boolField(doc, 'active');
      const published = optionalBool(doc, 'published');
      const inRRset = isSigned(meta) && PUBLISHED_STATES.includes(key.state);
      // Deactivating leaves the key published until the signers remove it (retire interval).
      const publishedAfter = active || inRRset;
      if (published === false && publishedAfter) {
        throw new ApiError(
          `Could not unpublish Key: ${req.params.keyid} in Zone: ${origin}: the signers take a deactivated key out of the DNSKEY RRset after the retire interval`,
        );
      }
      if (published === true && !publishedAfter) {
        throw new ApiError(
          `Could not publish Key: ${req.params.keyid} in Zone: ${origin}: publishing a key that does not sign is not supported; activate it`,
        );
      }
      const actor = req.caller.actor;
      await writing(async () => {
        if (active && key.state !== 'active') await deps.dnssec.activateKey(origin.key, key.id, actor);
        if (active) await secure(req, origin, meta);
        // The last signing key of a signed zone is not retired; in an unsigned zone none signs.
        if (!active && (key.state === 'active' || key.state === 'published'))
          await deps.dnssec.retireKey(origin.key, key.id, !isSigned(meta), actor);
      });
      return { status: 204 };
    },
    DELETE: async (req) => {
      const { origin, meta } = zoneOf(req);
      authorize(req.principal, { kind: 'write-zone', zone: origin.key });
      const key = findKey(await keysOf(req, origin, meta), req.params.keyid);
      if (PUBLISHED_STATES.includes(key.state)) {
        throw new ApiError(
          `Could not DELETE ${req.params.keyid}: the key is in the DNSKEY RRset; deactivate it (active: false) and delete it once the signers have removed it (after the retire interval)`,
        );
      }
      await writing(() => deps.dnssec.deleteKey(origin.key, key.id, false, req.caller.actor));
      return { status: 204 };
    },
  });
}
