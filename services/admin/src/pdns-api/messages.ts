import type { Violation } from '../errors.js';

/** What the message needs of the RRset a violation points at. */
export interface RRsetRef {
  name: string;
  type: string;
  records: string[];
  changetype?: string;
}

/**
 * Our violation in PowerDNS's words (pdns/ws-auth.cc), so API clients that match on error
 * text keep working. PowerDNS stops at the first problem; so does this API (the first
 * violation is reported).
 */
export function pdnsMessage(v: Violation, rrsets: readonly RRsetRef[]): string {
  const m = /^rrsets\[(\d+)\](?:\.records\[(\d+)\])?/.exec(v.field);
  const ref = m ? rrsets[Number(m[1])] : undefined;
  if (!ref) return v.message;
  const rrset = `RRset ${ref.name} IN ${ref.type.toUpperCase()}`;
  const content = m?.[2] !== undefined ? ref.records[Number(m[2])] : undefined;
  switch (v.rule) {
    case 'out-of-zone':
      return `${rrset}: Name is out of zone`;
    case 'bad-type':
      return `${rrset}: unknown type given`;
    case 'bad-rdata':
      return `Record ${ref.name}/${ref.type.toUpperCase()} '${content ?? ''}': ${v.message.replace(/^[^:]*: /, '')}`;
    case 'duplicate-record':
      return `Duplicate record in RRset ${ref.name} IN ${ref.type.toUpperCase()} with content "${content ?? ''}"`;
    case 'duplicate-change':
      return `Duplicate RRset ${ref.name} IN ${ref.type.toUpperCase()} with changetype: ${ref.changetype ?? 'REPLACE'}`;
    case 'singleton':
    case 'soa-singleton':
      return `${rrset} has more than one record`;
    case 'cname-beside-data':
    case 'cname-at-apex':
      return `${rrset}: Conflicts with pre-existing RRset`;
    case 'dname-beside-ns':
      return `${rrset}: Cannot have both NS and DNAME except in zone apex`;
    case 'ds-at-apex':
      return `Record ${ref.name} IN DS is not allowed at apex`;
    case 'soa-not-at-apex':
      return `Record ${ref.name} IN SOA is only allowed at apex`;
    default:
      return `${rrset}: ${v.message}`;
  }
}
