import { RRType, rrClassToString, rrTypeToString } from '../constants.js';
import { RdataError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import type { Name } from '../name.js';
import { rdataToText } from '../rdata/rdata.js';

export interface ZoneWriteOptions {
  /** Written as `$ORIGIN`; owners below it are written relative to it. */
  origin?: Name;
}

/** Meta and pseudo types (RFC 6895 §3.1): they exist only in messages, never in zone files. */
const NOT_IN_ZONES: ReadonlySet<number> = new Set([
  RRType.OPT,
  RRType.TKEY,
  RRType.TSIG,
  RRType.IXFR,
  RRType.AXFR,
  RRType.MAILB,
  RRType.MAILA,
  RRType.ANY,
]);

function recordLine(rr: ResourceRecord, origin: Name | undefined): string {
  if (NOT_IN_ZONES.has(rr.type)) {
    throw new RdataError(`${rrTypeToString(rr.type)} records cannot appear in a zone file (${rr.name})`);
  }
  const owner = origin === undefined ? rr.name.toString() : rr.name.relativeTo(origin);
  // RDATA names stay absolute: unambiguous whatever the reader's origin.
  return `${owner}\t${rr.ttl}\t${rrClassToString(rr.class)}\t${rrTypeToString(rr.type)}\t${rdataToText(rr.type, rr.rdata)}\n`;
}

/**
 * Zone-file lines for `records`, one per record, in the order given. The
 * parser reads them back to the same records, and BIND and Knot load them.
 */
export async function* writeZoneLines(
  records: Iterable<ResourceRecord> | AsyncIterable<ResourceRecord>,
  options?: ZoneWriteOptions,
): AsyncGenerator<string> {
  const origin = options?.origin;
  if (origin !== undefined) yield `$ORIGIN ${origin}\n`;
  for await (const rr of records) yield recordLine(rr, origin);
}

/** A whole zone file as a string. */
export function writeZoneText(records: Iterable<ResourceRecord>, options?: ZoneWriteOptions): string {
  const origin = options?.origin;
  let out = origin === undefined ? '' : `$ORIGIN ${origin}\n`;
  for (const rr of records) out += recordLine(rr, origin);
  return out;
}
