import { rrClassToString, rrTypeToString } from './constants.js';
import { RdataError } from './errors.js';
import type { ResourceRecord } from './message.js';
import type { Name } from './name.js';
import { rdataToText } from './rdata/rdata.js';
import { parseZoneText } from './zone-file/zone-text.js';

/** One record in BIND's presentation form: `owner<TAB>ttl<TAB>class<TAB>type<TAB>rdata`. */
export function recordToText(rr: ResourceRecord): string {
  return `${rr.name}\t${rr.ttl}\t${rrClassToString(rr.class)}\t${rrTypeToString(rr.type)}\t${rdataToText(rr.type, rr.rdata)}`;
}

/**
 * One record from a master-file line (owner required; TTL and class optional,
 * `defaultTtl` filling in an omitted TTL). Parentheses may span lines.
 */
export function recordFromText(line: string, origin?: Name, defaultTtl?: number): ResourceRecord {
  const records = parseZoneText(line, { origin, defaultTtl, fileName: '<record>' });
  if (records.length !== 1) throw new RdataError(`expected one record, found ${records.length}`);
  return records[0];
}
