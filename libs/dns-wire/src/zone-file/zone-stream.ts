import { DnsWireError, ZoneFileError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import { directoryOf, readFileChunks, resolveInside } from './file-source.js';
import { Lexer } from './lexer.js';
import type { ZoneParseOptions, ZoneParseProgress } from './options.js';
import { type IncludeRequest, initialState, type ParserState, ZoneParser } from './parser.js';

const PROGRESS_EVERY = 10000;
/** Bounds $INCLUDE nesting, so a file including itself fails instead of recursing forever. */
const MAX_INCLUDE_DEPTH = 16;

interface Run {
  baseDirectory: string | undefined;
  progress: ZoneParseProgress;
  onProgress: ((p: ZoneParseProgress) => void) | undefined;
}

/**
 * Parses a zone arriving in chunks (a file, a network stream) with memory
 * bounded by the longest entry: text is cut into lines as it comes and each
 * record is yielded as soon as its entry is complete.
 */
export async function* parseZoneStream(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options?: ZoneParseOptions,
): AsyncGenerator<ResourceRecord> {
  const run: Run = {
    baseDirectory: options?.baseDirectory,
    progress: { records: 0, bytes: 0 },
    onProgress: options?.onProgress,
  };
  yield* parseSource(chunks, options?.fileName ?? '<stream>', initialState(options), run, 0);
  run.onProgress?.({ ...run.progress });
}

/**
 * Parses a zone file as a stream. $INCLUDE paths are resolved in, and
 * confined to, `baseDirectory`, by default the directory of the file.
 */
export function parseZoneFile(file: string, options?: ZoneParseOptions): AsyncGenerator<ResourceRecord> {
  return parseZoneStream(readFileChunks(file), {
    ...options,
    fileName: options?.fileName ?? file,
    baseDirectory: options?.baseDirectory ?? directoryOf(file),
  });
}

async function* parseSource(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  file: string,
  state: ParserState,
  run: Run,
  depth: number,
): AsyncGenerator<ResourceRecord> {
  const lexer = new Lexer(file);
  const parser = new ZoneParser(file, state);
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNo = 0;

  // Generators cannot yield from inside a callback, so lines are handled in this loop body.
  async function* lines(text: string, last: boolean): AsyncGenerator<ResourceRecord> {
    pending += text;
    let start = 0;
    for (;;) {
      let end = pending.indexOf('\n', start);
      if (end < 0) {
        if (!last || start >= pending.length) break;
        end = pending.length;
      }
      lineNo++;
      const entry = lexer.push(pending.slice(start, end), lineNo);
      start = end + 1;
      if (entry === undefined) continue;
      const result = parser.entry(entry);
      if (result === undefined) continue;
      if ('kind' in result) {
        yield* include(result);
      } else if ('rdata' in result) {
        yield count(result);
      } else {
        for (const rr of result) yield count(rr);
      }
    }
    pending = start >= pending.length ? '' : pending.slice(start);
  }

  function count(rr: ResourceRecord): ResourceRecord {
    const p = run.progress;
    p.records++;
    if (run.onProgress && p.records % PROGRESS_EVERY === 0) run.onProgress({ ...p });
    return rr;
  }

  async function* include(request: IncludeRequest): AsyncGenerator<ResourceRecord> {
    const fail = (reason: string): ZoneFileError =>
      new ZoneFileError(reason, file, request.token.line, request.token.column);
    if (run.baseDirectory === undefined) throw fail('$INCLUDE needs a base directory');
    if (depth >= MAX_INCLUDE_DEPTH) throw fail(`$INCLUDE nested more than ${MAX_INCLUDE_DEPTH} deep`);
    let target: string | undefined;
    try {
      target = await resolveInside(run.baseDirectory, request.path);
    } catch (e) {
      throw fail(`cannot open $INCLUDE file '${request.path}': ${(e as Error).message}`);
    }
    if (target === undefined) throw fail(`$INCLUDE file '${request.path}' is outside the base directory`);
    // RFC 1035 §5.1: the included file starts at the given origin; ours is restored afterwards.
    const inner: ParserState = { ...state, origin: request.origin, owner: undefined, ownerText: undefined };
    yield* parseSource(readFileChunks(target), request.path, inner, run, depth + 1);
  }

  try {
    for await (const chunk of chunks) {
      run.progress.bytes += chunk.length;
      yield* lines(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), false);
    }
    yield* lines(decoder.decode(), true);
    lexer.end();
  } catch (e) {
    // Failures of the source itself (a missing or unreadable file) become ZoneFileErrors too.
    if (e instanceof DnsWireError) throw e;
    throw new ZoneFileError(`cannot read zone data: ${(e as Error).message}`, file, Math.max(lineNo, 1), 1);
  }
}
