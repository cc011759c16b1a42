/**
 * Subjects of the event stream and the encoding of a zone name into one NATS token.
 *
 * A NATS subject token may not contain '.', '*', '>' or whitespace, while a DNS label may hold
 * any octet. The encoding is injective on zone names compared case-insensitively:
 *   - the name is lowercased (ASCII only, as DNS does: RFC 4343),
 *   - octets [a-z0-9-] are kept, every other octet becomes '=' followed by two hex digits,
 *   - labels are joined with '_' (which itself is always escaped as '=5f' inside a label),
 *   - the root zone, which has no labels, is the single token '_'.
 * So `example.test.` is `example_test`, `_tcp.Example.` is `=5ftcp_example`. Labels are never
 * empty, so '_' alone cannot be the encoding of any other name.
 */
export const STREAM_NAME = 'DNS';
export const ZONE_SUBJECT_PREFIX = 'dns.zone.';
export const ZONE_SUBJECT_WILDCARD = 'dns.zone.>';
export const HEARTBEAT_SUBJECT_PREFIX = 'dns.fleet.heartbeat.';
export const HEARTBEAT_SUBJECT_WILDCARD = 'dns.fleet.heartbeat.*';
/** Fleet-wide commands over core NATS (not stored): cache purge, notify requests. */
export const CONTROL_SUBJECT_PREFIX = 'dns.control.';

/** DNS UPDATEs nodes forward to the admins (request-reply, DnsUpdateRequest in update.proto). */
export const UPDATE_SUBJECT = 'dns.admin.update';

const HEX = '0123456789abcdef';

function keepOctet(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

export function encodeZoneToken(labels: readonly Uint8Array[]): string {
  if (labels.length === 0) return '_';
  let out = '';
  for (let i = 0; i < labels.length; i++) {
    if (i > 0) out += '_';
    const label = labels[i];
    for (let j = 0; j < label.length; j++) {
      let c = label[j];
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (keepOctet(c)) out += String.fromCharCode(c);
      else out += '=' + HEX[c >> 4] + HEX[c & 15];
    }
  }
  return out;
}

export class SubjectTokenError extends Error {
  constructor(token: string, why: string) {
    super(`invalid zone token ${JSON.stringify(token)}: ${why}`);
    this.name = 'SubjectTokenError';
  }
}

export function decodeZoneToken(token: string): Uint8Array[] {
  if (token === '_') return [];
  const labels: Uint8Array[] = [];
  for (const part of token.split('_')) {
    if (part.length === 0) throw new SubjectTokenError(token, 'empty label');
    const octets: number[] = [];
    for (let i = 0; i < part.length; i++) {
      const ch = part.charCodeAt(i);
      if (ch === 0x3d) {
        const hex = part.slice(i + 1, i + 3);
        if (!/^[0-9a-f]{2}$/.test(hex)) throw new SubjectTokenError(token, 'bad escape');
        const c = Number.parseInt(hex, 16);
        if (keepOctet(c) || (c >= 0x41 && c <= 0x5a))
          throw new SubjectTokenError(token, 'non-canonical escape');
        octets.push(c);
        i += 2;
      } else if (keepOctet(ch)) {
        octets.push(ch);
      } else {
        throw new SubjectTokenError(token, `unexpected character ${JSON.stringify(part[i])}`);
      }
    }
    if (octets.length > 63) throw new SubjectTokenError(token, 'label longer than 63 octets');
    labels.push(Uint8Array.from(octets));
  }
  return labels;
}

export function zoneSubject(labels: readonly Uint8Array[]): string {
  return ZONE_SUBJECT_PREFIX + encodeZoneToken(labels);
}

export function zoneTokenFromSubject(subject: string): string {
  if (!subject.startsWith(ZONE_SUBJECT_PREFIX)) throw new SubjectTokenError(subject, 'not a zone subject');
  return subject.slice(ZONE_SUBJECT_PREFIX.length);
}

export function heartbeatSubject(nodeId: string): string {
  return HEARTBEAT_SUBJECT_PREFIX + encodeZoneToken([new TextEncoder().encode(nodeId)]);
}
