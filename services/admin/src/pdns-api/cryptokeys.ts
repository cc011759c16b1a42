import { createHash } from 'node:crypto';
import type { DnssecKey } from '@shoal/admin-api';
import { type Name, RRType, rdataFromText } from '@shoal/dns-wire';
import { ApiError, HttpError } from './http-error.js';

/** PowerDNS's DNSSECKeeper::algorithm2name. */
const ALGORITHM_NAMES: Record<number, string> = {
  1: 'RSAMD5',
  2: 'DH',
  3: 'DSA',
  5: 'RSASHA1',
  6: 'DSA-NSEC3-SHA1',
  7: 'RSASHA1-NSEC3-SHA1',
  8: 'RSASHA256',
  10: 'RSASHA512',
  12: 'ECC-GOST',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
  16: 'ED448',
};

/** PowerDNS's DNSSECKeeper::shorthand2algorithm (case-insensitive; digits are the number). */
const SHORTHANDS: Record<string, number> = {
  rsamd5: 1,
  dh: 2,
  dsa: 3,
  rsasha1: 5,
  'dsa-nsec3-sha1': 6,
  'rsasha1-nsec3-sha1': 7,
  rsasha256: 8,
  rsasha512: 10,
  'ecc-gost': 12,
  gost: 12,
  ecdsa256: 13,
  ecdsap256sha256: 13,
  ecdsa384: 14,
  ecdsap384sha384: 14,
  ed25519: 15,
  ed448: 16,
};

/** The key sizes the signers generate (RSA keys are 2048 bits). */
const GENERATED_BITS: Record<number, number> = { 8: 2048, 13: 256, 15: 256 };

export function algorithmName(algorithm: number): string {
  return ALGORITHM_NAMES[algorithm] ?? 'Unallocated/Reserved';
}

/** A cryptokey's `algorithm` field: a name, a number, or absent (0: the signers' policy). */
export function algorithmFromJson(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 256) return value;
  if (typeof value === 'string') {
    const found = SHORTHANDS[value.toLowerCase()] ?? (/^\d{1,3}$/.test(value) ? Number(value) : undefined);
    if (found !== undefined && found > 0 && found < 256) return found;
  }
  throw new ApiError(`Unknown algorithm: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/**
 * A cryptokey's `bits`: absent or 0 (the algorithm's size), else it must be the size the
 * signers generate for the algorithm, which must then be named.
 */
export function checkBits(value: unknown, algorithm: number): void {
  if (value === undefined || value === null || value === 0) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ApiError("'bits' must be a positive integer value");
  if (algorithm === 0) {
    throw new ApiError(
      "'bits' needs an 'algorithm': the signers' default algorithm decides the size otherwise",
    );
  }
  const size = GENERATED_BITS[algorithm];
  if (size !== undefined && size !== value) {
    throw new ApiError(
      `The algorithm does not support the given bit size. (${algorithmName(algorithm)} keys are ${size} bits here)`,
    );
  }
}

/** Bits of a DNSKEY's public key as PowerDNS counts them (the RSA modulus; the curve size). */
function keyBits(algorithm: number, publicKey: Uint8Array): number {
  switch (algorithm) {
    case 1:
    case 5:
    case 7:
    case 8:
    case 10: {
      // RFC 3110 §2: exponent length (1 octet, or 0 and 2 octets), exponent, modulus.
      let at = 1;
      let exponentLength = publicKey[0] ?? 0;
      if (exponentLength === 0) {
        exponentLength = ((publicKey[1] ?? 0) << 8) | (publicKey[2] ?? 0);
        at = 3;
      }
      let modulus = publicKey.subarray(at + exponentLength);
      while (modulus.length && modulus[0] === 0) modulus = modulus.subarray(1);
      return modulus.length ? (modulus.length - 1) * 8 + (32 - Math.clz32(modulus[0])) : 0;
    }
    case 13:
    case 15:
      return 256;
    case 14:
      return 384;
    case 16:
      return 456;
    default:
      return publicKey.length * 8;
  }
}

/** Key states in which a key is in the DNSKEY RRset (pre-publication to removal). */
export const PUBLISHED_STATES = ['published', 'active', 'retired'];

/**
 * PowerDNS's `active` and `published` for one of our key states: a key signs only when
 * active; it is in the DNSKEY RRset from publication (pre-publication included) until it is
 * removed after retirement. In a zone that is not signed no key signs or is published.
 */
function flagsOfState(state: string, signed: boolean): { active: boolean; published: boolean } {
  return {
    active: signed && state === 'active',
    published: signed && PUBLISHED_STATES.includes(state),
  };
}

/**
 * One key as PowerDNS 4.7 lists it (type Cryptokey): `id` is the key tag (PowerDNS's ids are
 * numbers; keys are also found by the signers' own id), the DNSKEY in presentation form, and
 * for a KSK or CSK the DS with SHA-256 and SHA-384 digests (as PowerDNS 4.7). Never a private
 * key: those stay with the signers.
 */
export function cryptokeyJson(zone: Name, key: DnssecKey, signed: boolean): Record<string, unknown> {
  const rdata = rdataFromText(RRType.DNSKEY, key.dnskey);
  const flags = (rdata[0] << 8) | rdata[1];
  const algorithm = rdata[3];
  const publicKey = rdata.subarray(4);
  const out: Record<string, unknown> = {
    type: 'Cryptokey',
    id: key.keyTag,
    ...flagsOfState(key.state, signed),
    keytype: key.role,
    flags,
    dnskey: `${flags} ${rdata[2]} ${algorithm} ${Buffer.from(publicKey).toString('base64')}`,
    algorithm: algorithmName(algorithm),
    bits: keyBits(algorithm, publicKey),
  };
  if (key.role === 'ksk' || key.role === 'csk') {
    const owner = zone.toCanonicalWire();
    out.ds = (
      [
        [2, 'sha256'],
        [4, 'sha384'],
      ] as const
    ).map(([digestType, hash]) => {
      const digest = createHash(hash).update(owner).update(rdata).digest('hex');
      return `${key.keyTag} ${algorithm} ${digestType} ${digest}`;
    });
  }
  return out;
}

/**
 * The key a URL's `{cryptokey_id}` names: a key tag (the `id` listed) or the signers' key id.
 * 404 when there is none; 422 when two keys share the tag (name it by its key id then).
 */
export function findKey(keys: readonly DnssecKey[], id: string): DnssecKey {
  const byId = keys.find((k) => k.id === id);
  if (byId) return byId;
  if (/^\d{1,5}$/.test(id)) {
    const tagged = keys.filter((k) => k.keyTag === Number(id));
    if (tagged.length === 1) return tagged[0];
    if (tagged.length > 1) {
      throw new ApiError(
        `Key tag ${id} is shared by keys ${tagged.map((k) => k.id).join(', ')}: name the key by its id`,
      );
    }
  }
  throw new HttpError(404);
}
