import { isIPv4, isIPv6 } from 'node:net';
import { AclError } from './errors.js';

/** One CIDR prefix of a transfer ACL, IPv4 or IPv6. */
export interface CidrBlock {
  readonly text: string;
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

function ipv6Bytes(text: string): Uint8Array {
  let head = text;
  let tailV4: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = ipv4Bytes(text.slice(lastColon + 1));
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...new Array(right === undefined ? 0 : missing).fill('0'), ...rightGroups];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g || '0', 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  if (tailV4) out.set(tailV4, 12);
  return out;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) as its IPv4 bytes. */
function unmapped(bytes: Uint8Array): Uint8Array | undefined {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return undefined;
  return bytes[10] === 0xff && bytes[11] === 0xff ? bytes.subarray(12) : undefined;
}

/** Parses `192.0.2.0/24`, `2001:db8::/32` or a bare address (a host prefix). */
export function parseCidr(text: string): CidrBlock {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) throw new AclError(`${JSON.stringify(text)} is not an IP address or CIDR prefix`);
  const max = family === 4 ? 32 : 128;
  const prefix = slash < 0 ? max : Number(trimmed.slice(slash + 1));
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (slash >= 0 && !/^\d+$/.test(trimmed.slice(slash + 1)))
  ) {
    throw new AclError(`${JSON.stringify(text)}: prefix length must be 0..${max}`);
  }
  return { text: trimmed, family, bytes: family === 4 ? ipv4Bytes(address) : ipv6Bytes(address), prefix };
}

function prefixMatches(block: Uint8Array, address: Uint8Array, prefix: number): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (block[i] !== address[i]) return false;
  const bits = prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (block[whole] & mask) === (address[whole] & mask);
}

/** A list of CIDR prefixes; an address matches when any prefix covers it. */
export class Acl {
  readonly blocks: readonly CidrBlock[];

  constructor(entries: readonly string[]) {
    this.blocks = entries.filter((e) => e.trim() !== '').map(parseCidr);
  }

  get empty(): boolean {
    return this.blocks.length === 0;
  }

  /** True when `address` (as a socket reports it, IPv4-mapped IPv6 included) is covered. */
  allows(address: string): boolean {
    let bytes: Uint8Array;
    let family: 4 | 6;
    if (isIPv4(address)) {
      bytes = ipv4Bytes(address);
      family = 4;
    } else if (isIPv6(address)) {
      const v6 = ipv6Bytes(address.replace(/%.*$/, ''));
      const v4 = unmapped(v6);
      bytes = v4 ?? v6;
      family = v4 ? 4 : 6;
    } else return false;
    return this.blocks.some((b) => b.family === family && prefixMatches(b.bytes, bytes, b.prefix));
  }
}

/** Compiled ACLs are cached by their text: settings change rarely, queries often. */
const cache = new Map<string, Acl>();

/** The ACL for a list of entries; invalid entries make it throw AclError. */
export function compileAcl(entries: readonly string[]): Acl {
  const key = entries.join(',');
  let acl = cache.get(key);
  if (!acl) {
    acl = new Acl(entries);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, acl);
  }
  return acl;
}
