import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Asset } from './static-assets.js';

/** Sent with every response: the pages load nothing from elsewhere and are never framed. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, { etag: asset.etag });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': asset.type, etag: asset.etag, 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

/**
 * A state-changing request from a page on another site carries an Origin that is not ours:
 * refuse it, so a browser on the operator's machine cannot be made to POST here.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return (
    origin === undefined ||
    origin === `http://${req.headers.host}` ||
    origin === `https://${req.headers.host}`
  );
}
