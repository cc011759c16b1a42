import { canonicalRdata, Name, RRType, rdataFromText, rrTypeFromString } from '@shoal/dns-wire';
import type { Violation } from './errors.js';

/** One requested change, already parsed. A 'replace' without rdatas means delete. */
export type RRsetChange =
  | { op: 'replace'; owner: Name; type: number; ttl: number; rdatas: Uint8Array[]; field: string }
  | { op: 'delete'; owner: Name; type: number; field: string };

export type ReplaceChange = Extract<RRsetChange, { op: 'replace' }>;

/** Meta and query types cannot be stored in a zone (RFC 6895 §3.1). */
export const UNSTORABLE = new Set<number>([
  RRType.OPT,
  RRType.TSIG,
  RRType.TKEY,
  RRType.IXFR,
  RRType.AXFR,
  RRType.ANY,
  0,
  253,
  254,
]);

/** RFC 2181 §8: TTLs are 31-bit unsigned. */
export const MAX_TTL = 0x7fff_ffff;

export interface ParsedRRsetInput {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

/** A key equal for RDATAs that are equal in DNSSEC canonical form (names compared without case). */
export function rdataKey(type: number, rdata: Uint8Array): string {
  return Buffer.from(canonicalRdata(type, rdata)).toString('latin1');
}

/** Parses an owner name relative to the zone and checks that it lies inside the zone. */
export function parseOwner(
  origin: Name,
  text: string,
  field: string,
  violations: Violation[],
): Name | undefined {
  let owner: Name;
  try {
    owner = text === '' || text === '@' ? origin : Name.parse(text, origin);
  } catch (e) {
    violations.push({ field, rule: 'bad-name', message: `${JSON.stringify(text)}: ${(e as Error).message}` });
    return undefined;
  }
  if (!owner.isSubdomainOf(origin)) {
    violations.push({ field, rule: 'out-of-zone', message: `${owner} is not in zone ${origin}` });
    return undefined;
  }
  return owner;
}

/** Parses a type mnemonic and refuses the types a zone cannot hold. */
export function parseStorableType(text: string, field: string, violations: Violation[]): number | undefined {
  let type: number;
  try {
    type = rrTypeFromString(text);
  } catch (e) {
    violations.push({ field, rule: 'bad-type', message: (e as Error).message });
    return undefined;
  }
  if (UNSTORABLE.has(type)) {
    violations.push({ field, rule: 'bad-type', message: `type ${text} cannot be stored in a zone` });
    return undefined;
  }
  return type;
}

export function checkTtl(ttl: number, field: string, violations: Violation[]): void {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    violations.push({ field, rule: 'ttl-range', message: `TTL ${ttl} is outside 0..${MAX_TTL}` });
  }
}

/** Turns operator text into a change, collecting every violation instead of stopping at the first. */
export function parseRRsetInput(
  origin: Name,
  input: ParsedRRsetInput,
  field: string,
  op: 'replace' | 'delete',
  violations: Violation[],
): RRsetChange | undefined {
  const owner = parseOwner(origin, input.name, `${field}.name`, violations);
  if (!owner) return undefined;
  const type = parseStorableType(input.type, `${field}.type`, violations);
  if (type === undefined) return undefined;
  if (op === 'delete' || input.records.length === 0) return { op: 'delete', owner, type, field };
  checkTtl(input.ttl, `${field}.ttl`, violations);
  const rdatas: Uint8Array[] = [];
  const seen = new Set<string>();
  input.records.forEach((text, i) => {
    try {
      const rdata = rdataFromText(type, text, origin);
      const key = rdataKey(type, rdata);
      if (seen.has(key)) {
        violations.push({
          field: `${field}.records[${i}]`,
          rule: 'duplicate-record',
          message: `duplicate record ${JSON.stringify(text)}`,
        });
      }
      seen.add(key);
      rdatas.push(rdata);
    } catch (e) {
      violations.push({
        field: `${field}.records[${i}]`,
        rule: 'bad-rdata',
        message: `${input.type} ${JSON.stringify(text)}: ${(e as Error).message}`,
      });
    }
  });
  return { op: 'replace', owner, type, ttl: input.ttl, rdatas, field };
}
