import { timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { authorize, type Principal, type TokenGrant } from '../auth.js';
import { PermissionDeniedError, RequestCancelledError } from '../errors.js';
import type { Logger } from '../grpc-call.js';
import { inServerSpan } from '../trace-context.js';
import type { PdnsApiDeps } from './deps.js';
import { asPdnsError } from './error-mapping.js';
import { ApiError, HttpError } from './http-error.js';
import { type ApiRequest, type ApiResponse, Router } from './router.js';
import { cryptokeyRoutes } from './routes-cryptokeys.js';
import { metadataRoutes } from './routes-metadata.js';
import { serverRoutes } from './routes-server.js';
import { tsigRoutes } from './routes-tsig.js';
import { zoneRoutes } from './routes-zones.js';

/** PowerDNS's default webserver-max-bodysize is 2 MB; zone texts in POST /zones can be larger. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The headers PowerDNS sets on every API answer. */
const SECURITY_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'deny',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '1; mode=block',
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'",
};

export interface PdnsApiOptions {
  listen: string;
  keys: TokenGrant[];
  log: Logger;
}

/** X-API-Key (or ?api-key=) against the configured keys, in constant time. */
function authenticate(keys: TokenGrant[], offered: string | undefined): Principal {
  if (offered) {
    const given = Buffer.from(offered);
    for (const k of keys) {
      const known = Buffer.from(k.token);
      if (known.length === given.length && timingSafeEqual(known, given)) {
        return {
          name: k.name ?? `api-key:${k.role}`,
          role: k.role,
          zones: (k.zones ?? []).map((z) => (z.endsWith('.') ? z : `${z}.`).toLowerCase()),
        };
      }
    }
  }
  throw new HttpError(401, undefined, { 'WWW-Authenticate': 'X-API-Key realm="PowerDNS"' });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413));
        req.destroy();
      } else parts.push(b);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** PowerDNS renders errors three ways: 422 JSON for API errors; else JSON, HTML or plain text by Accept. */
function errorResponse(thrown: unknown, acceptJson: boolean, acceptHtml: boolean): ApiResponse {
  // Errors a handler did not translate: unknown zone 404, rules 422, no signer or NATS 503, ...
  const err = asPdnsError(thrown);
  if (err instanceof ApiError) return { status: 422, json: { error: err.message } };
  let http: HttpError;
  if (err instanceof HttpError) http = err;
  else if (err instanceof PermissionDeniedError) http = new HttpError(403, err.message);
  else if (err instanceof RequestCancelledError) http = new HttpError(499 as number, err.message);
  else http = new HttpError(500, (err as Error)?.message);
  const text = STATUS_CODES[http.status] ?? 'Error';
  if (acceptJson) return { status: http.status, json: { error: http.message }, headers: http.headers };
  if (acceptHtml) {
    return {
      status: http.status,
      text: `<!html><title>${text}</title><h1>${text}</h1>`,
      contentType: 'text/html; charset=utf-8',
      headers: http.headers,
    };
  }
  return { status: http.status, text, contentType: 'text/plain; charset=utf-8', headers: http.headers };
}

function send(res: ServerResponse, r: ApiResponse, head: boolean): void {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, Connection: 'close', ...r.headers };
  let body = '';
  if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers['Content-Type'] = 'application/json';
  } else if (r.text !== undefined) {
    body = r.text;
    headers['Content-Type'] = r.contentType ?? 'text/plain; charset=utf-8';
  }
  if (r.status !== 204) headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(r.status, headers);
  res.end(r.status === 204 || head ? undefined : body);
}

/**
 * The PowerDNS-compatible HTTP API (the /api/v1 subset PowerDNS 4.x documents), on its own
 * listener, over the same ZoneAdmin and event path as gRPC.
 */
export async function startPdnsApi(
  deps: PdnsApiDeps,
  options: PdnsApiOptions,
): Promise<{ server: Server; address: string; close: () => Promise<void> }> {
  const router = new Router();
  serverRoutes(router, deps);
  zoneRoutes(router, deps);
  metadataRoutes(router, deps);
  cryptokeyRoutes(router, deps);
  tsigRoutes(router, deps);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    deps.stats.count('http-requests');
    const accept = req.headers.accept ?? '';
    const acceptJson = accept.includes('application/json');
    const acceptHtml = !acceptJson && accept.includes('text/html');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const incoming = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    let response: ApiResponse;
    await inServerSpan(
      `pdns-api ${method}`,
      incoming,
      { 'http.method': method, 'http.target': url.pathname },
      async (_span, traceparent) => {
        try {
          const principal = authenticate(
            options.keys,
            headerOf(req, 'x-api-key') ?? url.searchParams.get('api-key') ?? undefined,
          );
          const path = url.pathname
            .split('/')
            .map((s) => safeDecode(s))
            .join('/');
          const { handler, params } = router.resolve(method === 'HEAD' ? 'GET' : method, path);
          if (params.server !== undefined && params.server !== 'localhost') throw new HttpError(404);
          // Reads are open to every role; each write handler asks for its own permission.
          authorize(principal, { kind: 'read' });
          const body = await readBody(req);
          const controller = new AbortController();
          res.on('close', () => {
            if (!res.writableFinished) controller.abort();
          });
          const apiReq: ApiRequest = {
            method,
            path,
            params,
            query: url.searchParams,
            body,
            principal,
            acceptJson,
            caller: {
              actor: principal.name,
              requestId: headerOf(req, 'x-request-id'),
              reason: headerOf(req, 'x-reason'),
              traceparent,
              signal: controller.signal,
            },
          };
          response = await handler(apiReq);
        } catch (err) {
          response = errorResponse(err, acceptJson, acceptHtml);
          if (response.status === 500)
            options.log.warn({ err: String(err), path: url.pathname }, 'pdns-api internal error');
        }
      },
    ).catch(() => {});
    response ??= errorResponse(new HttpError(500), acceptJson, acceptHtml);
    if (response.status === 422) deps.stats.count('validation-failures');
    send(res, response, method === 'HEAD');
    options.log.info(
      { method, path: url.pathname, status: response.status, ms: Date.now() - started },
      'pdns-api request',
    );
  };

  const server = createServer((req, res) => void handle(req, res));
  const [host, port] = splitListen(options.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as { port: number };
  return {
    server,
    address: `${host.includes(':') ? `[${host}]` : host}:${bound.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function splitListen(listen: string): [string, number] {
  const m = /^\[?([^\]]*)\]?:(\d+)$/.exec(listen);
  if (!m) throw new Error(`pdns_api.listen: ${listen} is not host:port`);
  return [m[1], Number(m[2])];
}
