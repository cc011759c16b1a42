import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { NodeStatus } from '../control/node-status.js';
import { keyAccepted, offeredKey } from './api-key.js';
import type { DashboardFeed } from './dashboard-feed.js';
import { SECURITY_HEADERS, sameOrigin, sendAsset, sendJson, sendText } from './http-util.js';
import { loadAssets } from './static-assets.js';

export interface NodeWebOptions {
  address: string;
  port: number;
  status: NodeStatus;
  feed: DashboardFeed;
  /** Read per request: the key can change on reload. */
  apiKey: () => string | undefined;
  metricsText: () => Promise<string>;
  reload: (via: string) => Promise<unknown>;
  log: Logger;
}

export interface NodeWeb {
  address: string;
  port: number;
  close(): Promise<void>;
}

const ASSETS = new URL('../../src/web/assets/', import.meta.url);

/**
 * The node's own web server: health for load balancers and BGP speakers (open), and the
 * dashboard, Prometheus metrics and runtime control (behind the API key when one is set).
 * Plain node:http: a handful of routes, no framework.
 */
export async function startNodeWeb(o: NodeWebOptions): Promise<NodeWeb> {
  const assets = loadAssets(ASSETS, ['dashboard.html', 'dashboard.css', 'dashboard.js', 'favicon.svg']);
  const page = assets.get('/dashboard.html')!;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const get = req.method === 'GET' || req.method === 'HEAD';
    // Health first: it must answer even when everything else is slow.
    if (path === '/healthz' && get)
      return sendJson(res, 200, { status: 'alive', node: o.status.summary().node });
    if (path === '/readyz' && get) {
      const s = o.status.summary();
      return sendJson(res, s.ready ? 200 : 503, s);
    }
    if ((path === '/' || path === '/dashboard') && get) return sendAsset(req, res, page);
    const asset = get ? assets.get(path === '/favicon.ico' ? '/favicon.svg' : path) : undefined;
    if (asset) return sendAsset(req, res, asset);

    const protectedRoute = path === '/metrics' || path.startsWith('/api/');
    if (!protectedRoute) return sendJson(res, 404, { error: 'not found' });
    if (!keyAccepted(o.apiKey(), offeredKey(req))) {
      res.setHeader('www-authenticate', 'Bearer realm="shoal-node"');
      return sendJson(res, 401, {
        error: 'missing or wrong API key (X-API-Key header or Authorization: Bearer)',
      });
    }
    if (path === '/metrics' && get) {
      return sendText(res, 200, await o.metricsText(), 'text/plain; version=0.0.4; charset=utf-8');
    }
    if (path === '/api/v1/status' && get)
      return sendJson(res, 200, { ...o.feed.stats(), changes: o.status.recent.list() });
    if (path === '/api/v1/events' && get) return o.feed.subscribe(res);
    if (path === '/api/v1/reload') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      if (!sameOrigin(req)) return sendJson(res, 403, { error: 'cross-origin request refused' });
      return sendJson(res, 200, await o.reload('http'));
    }
    return sendJson(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    route(req, res).catch((err) => {
      o.log.warn({ err: String(err), url: req.url }, 'web request failed');
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
      else res.end();
    });
  });
  // Slow or idle clients must not pin sockets; SSE streams are exempt by keeping the request open.
  server.headersTimeout = 10_000;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.address, port: o.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : o.port;
  return {
    address: o.address,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        o.feed.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
