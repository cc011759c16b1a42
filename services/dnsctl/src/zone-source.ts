import { createReadStream, statSync } from 'node:fs';

/** The bytes of a zone file, or of stdin for '-', in chunks; with the size when it is known. */
export function zoneSource(path: string): { chunks: AsyncIterable<Uint8Array>; size: number | undefined } {
  if (path === '-') return { chunks: process.stdin, size: undefined };
  return { chunks: createReadStream(path, { highWaterMark: 256 * 1024 }), size: statSync(path).size };
}
