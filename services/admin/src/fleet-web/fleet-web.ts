import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { NodeHeartbeat } from '@shoal/events';
import { fleetView } from './fleet-view.js';

export interface FleetWebOptions {
  address: string;
  port: number;
  /** The heartbeats (FleetTracker.all()). */
  nodes: () => readonly { heartbeat: NodeHeartbeat; lastSeenMs: number }[];
  liveWindowMs: number;
  /** The admin's own view of the stream head. */
  streamLastSequence: () => number;
  /** True for a valid admin bearer token (any role). */
  tokenValid: (token: string) => boolean;
  apiKey?: string;
  /** The admin's Prometheus metrics, served at /metrics behind the same credentials. */
  metricsText?: () => Promise<string>;
  onError?: (err: unknown) => void;
}

export interface FleetWeb {
  address: string;
  port: number;
  close(): Promise<void>;
}

const COOKIE = 'shoal_fleet_key';
const ASSETS = new URL('../../src/fleet-web/assets/', import.meta.url);
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function credential(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const bearer = req.headers.authorization
    ? /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization)?.[1]
    : undefined;
  if (bearer) return bearer;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * The fleet page served by the admin: every node with its region, readiness, lag and QPS from
 * the heartbeats, as JSON (GET /api/v1/fleet), as a live stream (GET /api/v1/fleet/events,
 * server-sent events, one a second) and as a page (GET /fleet). Every data route needs an
 * admin bearer token or the page's own API key; the page's files hold no data.
 */
export async function startFleetWeb(o: FleetWebOptions): Promise<FleetWeb> {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const file of ['fleet.html', 'fleet.css', 'fleet.js', 'favicon.svg']) {
    const body = readFileSync(new URL(file, ASSETS));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(`/${file}`, { body, type: TYPES[file.slice(file.lastIndexOf('.') + 1)], etag });
  }
  const view = () => fleetView(o.nodes(), o.streamLastSequence(), o.liveWindowMs, Date.now());
  const authorized = (req: IncomingMessage) => {
    const c = credential(req);
    if (!c) return false;
    return (o.apiKey !== undefined && same(o.apiKey, c)) || o.tokenValid(c);
  };
  const streams = new Set<ServerResponse>();
  const timer = setInterval(() => {
    if (!streams.size) return;
    const data = `event: fleet\ndata: ${JSON.stringify(view())}\n\n`;
    for (const res of streams) res.write(data);
  }, 1000);
  timer.unref();

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    void handle(req, res).catch((err) => {
      o.onError?.(err);
      if (!res.headersSent) json(res, 500, { error: String(err) });
      else res.end();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'read-only' });
    const asset = assets.get(
      path === '/' || path === '/fleet' ? '/fleet.html' : path === '/favicon.ico' ? '/favicon.svg' : path,
    );
    if (asset) {
      if (req.headers['if-none-match'] === asset.etag) {
        res.writeHead(304, { etag: asset.etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': asset.type, etag: asset.etag, 'cache-control': 'no-cache' });
      res.end(asset.body);
      return;
    }
    const known =
      path === '/api/v1/fleet' || path === '/api/v1/fleet/events' || (path === '/metrics' && o.metricsText);
    if (!known) return json(res, 404, { error: 'not found' });
    if (!authorized(req)) {
      res.setHeader('www-authenticate', 'Bearer realm="shoal-fleet"');
      return json(res, 401, { error: 'an admin bearer token or the fleet page API key is needed' });
    }
    if (path === '/api/v1/fleet') return json(res, 200, view());
    if (path === '/metrics' && o.metricsText) {
      const text = await o.metricsText();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n\nevent: fleet\ndata: ${JSON.stringify(view())}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };
  server.headersTimeout = 10_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.address, port: o.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  return {
    address: o.address,
    port: typeof bound === 'object' && bound ? bound.port : o.port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
