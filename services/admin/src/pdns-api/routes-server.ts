import type { Name } from '@shoal/dns-wire';
import { authorize } from '../auth.js';
import type { PdnsApiDeps } from './deps.js';
import { ApiError } from './http-error.js';
import type { Router } from './router.js';
import { type SearchKind, searchData } from './search.js';
import { apiName } from './zone-id.js';

function serverDetail(version: string) {
  return {
    autoprimaries_url: '/api/v1/servers/localhost/autoprimaries{/autoprimary}',
    config_url: '/api/v1/servers/localhost/config{/config_setting}',
    daemon_type: 'authoritative',
    id: 'localhost',
    type: 'Server',
    url: '/api/v1/servers/localhost',
    version,
    zones_url: '/api/v1/servers/localhost/zones{/zone}',
  };
}

export function serverRoutes(router: Router, deps: PdnsApiDeps): void {
  router.add('/api', { GET: async () => ({ status: 200, json: [{ url: '/api/v1', version: 1 }] }) });
  router.add('/api/v1', {
    GET: async () => ({ status: 200, json: [{ api_features: [], server_url: '/api/v1/servers{/server}' }] }),
  });
  router.add('/api/v1/servers', { GET: async () => ({ status: 200, json: [serverDetail(deps.version)] }) });
  router.add('/api/v1/servers/:server', {
    GET: async () => ({ status: 200, json: serverDetail(deps.version) }),
  });

  router.add('/api/v1/servers/:server/statistics', {
    GET: async (req) => {
      const all = deps.stats.snapshot(deps.admin.store, deps.fleet, deps.streamLastSequence());
      const item = (s: { name: string; value: number }) => ({
        name: s.name,
        type: 'StatisticItem',
        value: String(s.value),
      });
      const wanted = req.query.get('statistic');
      if (wanted) {
        const found = all.find((s) => s.name === wanted);
        if (!found) throw new ApiError('Unknown statistic name');
        return { status: 200, json: [item(found)] };
      }
      return { status: 200, json: all.sort((a, b) => (a.name < b.name ? -1 : 1)).map(item) };
    },
  });

  router.add('/api/v1/servers/:server/search-data', {
    GET: async (req) => {
      const q = req.query.get('q') ?? '';
      if (q === '') throw new ApiError("Query q can't be blank");
      const maxText = req.query.get('max');
      const max = maxText ? Number.parseInt(maxText, 10) : 100;
      if (!(max >= 1)) throw new ApiError('Maximum entries must be larger than 0');
      const kind = (req.query.get('object_type') || 'all') as SearchKind;
      if (!['all', 'zone', 'record', 'comment'].includes(kind)) {
        throw new ApiError('object_type must be one of the following options: all, zone, record, comment');
      }
      return { status: 200, json: await searchData(deps.admin.store, q, max, kind) };
    },
  });

  router.add('/api/v1/servers/:server/cache/flush', {
    // The fleet's caches are on the nodes: the purge is published to them; how much each dropped is not known here.
    PUT: async (req) => {
      const domain = apiName(req.query.get('domain') ?? '');
      const zone = containingZone(deps, domain);
      authorize(req.principal, { kind: 'write-zone', zone: zone ?? domain.key });
      // A name in no zone has nothing cached anywhere.
      if (!zone) return { status: 200, json: { count: 0, result: 'Flushed cache.' } };
      if (zone === domain.key) await deps.control.purge({ zone }, req.caller.traceparent);
      else await deps.control.purge({ zone, name: domain.toString() }, req.caller.traceparent);
      deps.stats.count('purges-requested');
      return { status: 200, json: { count: 0, result: 'Flushed cache.' } };
    },
  });
}

/** The closest enclosing zone of a name, if any. */
function containingZone(deps: PdnsApiDeps, name: Name): string | undefined {
  for (let n = name; ; n = n.parent()) {
    if (deps.admin.store.zone(n.key)) return n.key;
    if (n.labelCount === 0) return undefined;
  }
}
