import { ZoneFileError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import { Lexer } from './lexer.js';
import type { ZoneParseOptions } from './options.js';
import { initialState, ZoneParser } from './parser.js';

const PROGRESS_EVERY = 10000;

/**
 * Parses a whole zone held in a string. $INCLUDE is not supported here (it
 * needs file access, which only the streaming reader does): it fails with a
 * ZoneFileError pointing at the directive.
 */
export function parseZoneText(text: string, options?: ZoneParseOptions): ResourceRecord[] {
  const file = options?.fileName ?? '<text>';
  const lexer = new Lexer(file);
  const parser = new ZoneParser(file, initialState(options));
  const onProgress = options?.onProgress;
  const records: ResourceRecord[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const entry = lexer.push(text.slice(start, end), lineNo);
    start = end + 1;
    if (entry === undefined) continue;
    const result = parser.entry(entry);
    if (result === undefined) continue;
    if ('kind' in result) {
      throw new ZoneFileError(
        '$INCLUDE needs file access: use parseZoneFile or parseZoneStream',
        file,
        result.token.line,
        result.token.column,
      );
    }
    if ('rdata' in result) records.push(result);
    else for (const rr of result) records.push(rr);
    if (onProgress && records.length % PROGRESS_EVERY === 0)
      onProgress({ records: records.length, bytes: start });
  }
  lexer.end();
  onProgress?.({ records: records.length, bytes: text.length });
  return records;
}
