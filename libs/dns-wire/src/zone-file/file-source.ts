import { createReadStream } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * The only file access in the library: reading zone files in chunks and
 * resolving $INCLUDE paths inside a base directory.
 */

const CHUNK = 1 << 16;

/** The file's bytes in 64 KiB chunks. */
export function readFileChunks(file: string): AsyncIterable<Uint8Array> {
  return createReadStream(file, { highWaterMark: CHUNK });
}

/**
 * Resolves an $INCLUDE path against `baseDirectory` and returns its real
 * path, or undefined when it lies outside the directory. Symbolic links are
 * resolved first, so a link cannot lead out of the directory either.
 */
export async function resolveInside(baseDirectory: string, requested: string): Promise<string | undefined> {
  const base = await realpath(baseDirectory);
  const target = await realpath(path.resolve(base, requested));
  const relative = path.relative(base, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return target;
}

/** The directory holding `file`: the default base for its $INCLUDEs. */
export function directoryOf(file: string): string {
  return path.dirname(path.resolve(file));
}
