import { Name } from '@shoal/dns-wire';
import { authorize } from '../auth.js';
import { TsigKeyExistsError, TsigKeyNotFoundError, ValidationError } from '../errors.js';
import { type StoredTsigKey, TSIG_ALGORITHMS } from '../tsig-keys.js';
import type { PdnsApiDeps } from './deps.js';
import { ApiError, HttpError } from './http-error.js';
import { parseJsonBody, stringField } from './json-fields.js';
import type { ApiRequest, Router } from './router.js';
import { zoneIdToName, zoneNameToId } from './zone-id.js';

/** PowerDNS's TSIGKey object: name without the trailing dot, id with it. */
function keyJson(key: StoredTsigKey, withSecret = true) {
  return {
    algorithm: key.algorithm,
    id: zoneNameToId(key.name),
    key: withSecret ? key.secret : '',
    name: key.name.replace(/\.$/, ''),
    type: 'TSIGKey',
  };
}

function algorithmOf(text: string): string {
  return text.toLowerCase().replace(/\.$/, '');
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s+/g, '')) && Buffer.from(text, 'base64').length > 0;
}

export function tsigRoutes(router: Router, deps: PdnsApiDeps): void {
  const keys = () => deps.tsigKeys();
  const find = async (req: ApiRequest): Promise<StoredTsigKey> => {
    const name = zoneIdToName(req.params.id);
    try {
      return await keys().get(name.key);
    } catch (e) {
      if (e instanceof TsigKeyNotFoundError)
        throw new HttpError(404, `TSIG key with name '${name.key}' not found`);
      throw e;
    }
  };
  router.add('/api/v1/servers/:server/tsigkeys', {
    GET: async () => ({ status: 200, json: (await keys().list()).map((k) => keyJson(k, false)) }),
    POST: async (req) => {
      authorize(req.principal, { kind: 'admin' });
      const doc = parseJsonBody(req.body);
      const name = Name.parse(`${stringField(doc, 'name').replace(/\.$/, '')}.`);
      const algorithm = algorithmOf(stringField(doc, 'algorithm'));
      const secret = typeof doc.key === 'string' ? doc.key : '';
      // PowerDNS: an unknown algorithm is a 400 when it has to generate the secret, else a 422.
      if (!TSIG_ALGORITHMS.has(algorithm)) {
        if (secret === '') throw new HttpError(400, `Unknown TSIG algorithm: ${algorithm}`);
        throw new ApiError(`Unknown TSIG algorithm: ${algorithm}`);
      }
      if (secret !== '' && !isBase64(secret))
        throw new ApiError(`TSIG content '${secret}' cannot be base64-decoded`);
      try {
        const key = await keys().create({ name: name.key, algorithm, secret });
        return { status: 201, json: keyJson(key) };
      } catch (e) {
        if (e instanceof TsigKeyExistsError)
          throw new HttpError(
            409,
            `A TSIG key with the name '${name.key.replace(/\.$/, '')}' already exists`,
          );
        if (e instanceof ValidationError) throw new ApiError(e.violations[0].message);
        throw e;
      }
    },
  });
  router.add('/api/v1/servers/:server/tsigkeys/:id', {
    GET: async (req) => {
      authorize(req.principal, { kind: 'admin' });
      return { status: 200, json: keyJson(await find(req)) };
    },
    PUT: async (req) => {
      authorize(req.principal, { kind: 'admin' });
      const current = await find(req);
      const doc = req.body === '' ? {} : parseJsonBody(req.body);
      const next = { ...current };
      if (typeof doc.name === 'string') next.name = Name.parse(`${doc.name.replace(/\.$/, '')}.`).key;
      if (typeof doc.algorithm === 'string') {
        next.algorithm = algorithmOf(doc.algorithm);
        if (!TSIG_ALGORITHMS.has(next.algorithm))
          throw new ApiError(`Unknown TSIG algorithm: ${next.algorithm}`);
      }
      if (typeof doc.key === 'string') {
        if (!isBase64(doc.key)) throw new ApiError(`Can not base64 decode key content '${doc.key}'`);
        next.secret = doc.key;
      }
      const saved = await keys().create(next, true);
      // A rename is a new entry and the removal of the old one, as in PowerDNS.
      if (saved.name !== current.name) await keys().delete(current.name);
      return { status: 200, json: keyJson(saved) };
    },
    DELETE: async (req) => {
      authorize(req.principal, { kind: 'admin' });
      const key = await find(req);
      await keys().delete(key.name);
      return { status: 204 };
    },
  });
}
