import type { KeyObject } from 'node:crypto';
import { type DNSKEYRdata, decodeRdata, encodeRdata, keyTag, RRType } from '@shoal/dns-wire';
import { checkAlgorithm, dnskeyPublicKey, generatePrivateKey, publicKeyFromDnskey } from './algorithm.js';
import { KeyFormatError } from './errors.js';

/** DNSKEY flags (RFC 4034 §2.1.1): Zone Key, and Secure Entry Point (RFC 3757). */
export const ZONE_KEY = 0x0100;
export const SEP = 0x0001;
/** RFC 5011 §7: a revoked key. */
export const REVOKE = 0x0080;

/** The role a key plays: a key-signing key signs the DNSKEY RRset, a zone-signing key the rest, a CSK both. */
export type KeyRole = 'ksk' | 'zsk' | 'csk';

export function flagsOf(role: KeyRole): number {
  // A CSK carries SEP: it is what the parent's DS points at (RFC 6781 §3.1.1 leaves it to us).
  return role === 'zsk' ? ZONE_KEY : ZONE_KEY | SEP;
}

/** A key that can sign: its DNSKEY RDATA, key tag and private key. */
export interface SigningKey {
  readonly algorithm: number;
  readonly flags: number;
  /** The DNSKEY RDATA as published. */
  readonly dnskey: Uint8Array;
  readonly keyTag: number;
  readonly privateKey: KeyObject;
}

/** A key that can verify: a DNSKEY RDATA and the public key object built from it. */
export interface VerifyingKey {
  readonly algorithm: number;
  readonly flags: number;
  readonly dnskey: Uint8Array;
  readonly keyTag: number;
  readonly publicKey: KeyObject;
}

export function dnskeyRdata(flags: number, algorithm: number, publicKey: Uint8Array): Uint8Array {
  // Protocol is always 3 (RFC 4034 §2.1.2).
  return encodeRdata({ type: 'DNSKEY', flags, protocol: 3, algorithm, publicKey });
}

export function signingKey(algorithm: number, flags: number, privateKey: KeyObject): SigningKey {
  checkAlgorithm(algorithm);
  if (privateKey.type !== 'private') throw new KeyFormatError('a signing key needs a private key');
  const dnskey = dnskeyRdata(flags, algorithm, dnskeyPublicKey(algorithm, privateKey));
  return { algorithm, flags, dnskey, keyTag: keyTag(dnskey), privateKey };
}

export function generateSigningKey(algorithm: number, role: KeyRole): SigningKey {
  return signingKey(algorithm, flagsOf(role), generatePrivateKey(algorithm));
}

export function verifyingKey(dnskey: Uint8Array): VerifyingKey {
  const parsed = decodeRdata(RRType.DNSKEY, dnskey) as DNSKEYRdata;
  return {
    algorithm: parsed.algorithm,
    flags: parsed.flags,
    dnskey,
    keyTag: keyTag(dnskey),
    publicKey: publicKeyFromDnskey(parsed.algorithm, parsed.publicKey),
  };
}
