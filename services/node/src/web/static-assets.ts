import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/**
 * Reads the page's files once at start: plain HTML, CSS and JavaScript kept beside the
 * sources (the build compiles TypeScript only), served from memory with an ETag.
 */
export function loadAssets(directory: URL, files: readonly string[]): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of files) {
    const body = readFileSync(new URL(file, directory));
    const ext = file.slice(file.lastIndexOf('.') + 1);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(`/${file}`, { body, type: TYPES[ext] ?? 'application/octet-stream', etag });
  }
  return assets;
}
