import { Name } from '@shoal/dns-wire';
import { TsigKeyError } from './errors.js';

/** A TSIG MAC algorithm (RFC 8945 §6): its name on the wire and the node:crypto hash behind it. */
export interface TsigAlgorithm {
  /** Canonical name, as it travels in the TSIG RDATA. */
  readonly name: Name;
  /** The short name operators write (`hmac-sha256`). */
  readonly id: string;
  /** node:crypto hash name. */
  readonly hash: string;
  /** Octets of a full MAC. */
  readonly macSize: number;
}

function algorithm(id: string, wireName: string, hash: string, macSize: number): TsigAlgorithm {
  return { id, name: Name.parse(wireName), hash, macSize };
}

/**
 * The algorithms of RFC 8945 §6. hmac-md5 and hmac-sha224 are kept for old peers; GSS-TSIG
 * is not supported.
 */
const ALGORITHMS: readonly TsigAlgorithm[] = [
  algorithm('hmac-md5', 'hmac-md5.sig-alg.reg.int.', 'md5', 16),
  algorithm('hmac-sha1', 'hmac-sha1.', 'sha1', 20),
  algorithm('hmac-sha224', 'hmac-sha224.', 'sha224', 28),
  algorithm('hmac-sha256', 'hmac-sha256.', 'sha256', 32),
  algorithm('hmac-sha384', 'hmac-sha384.', 'sha384', 48),
  algorithm('hmac-sha512', 'hmac-sha512.', 'sha512', 64),
];

const byKey = new Map<string, TsigAlgorithm>();
for (const a of ALGORITHMS) {
  byKey.set(a.name.key, a);
  byKey.set(a.id, a);
}

/** The algorithm named by its wire name, or undefined when we do not implement it (BADKEY). */
export function algorithmByName(name: Name): TsigAlgorithm | undefined {
  return byKey.get(name.key);
}

/** Parses `hmac-sha256`, `HMAC-SHA256.` or `hmac-md5.sig-alg.reg.int`. */
export function parseAlgorithm(text: string): TsigAlgorithm {
  const lower = text.trim().toLowerCase();
  const found = byKey.get(lower.replace(/\.$/, '')) ?? byKey.get(lower.endsWith('.') ? lower : `${lower}.`);
  if (!found) throw new TsigKeyError(`unsupported TSIG algorithm ${JSON.stringify(text)}`);
  return found;
}

export function supportedAlgorithms(): readonly TsigAlgorithm[] {
  return ALGORITHMS;
}
