import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { KeyFormatError, UnsupportedAlgorithmError } from './errors.js';

/** The DNSSEC algorithm numbers we implement (IANA registry; RFC 8624 §3.1 marks all three MUST or RECOMMENDED). */
export const Algorithm = {
  /** RFC 5702. */
  RSASHA256: 8,
  /** RFC 6605. */
  ECDSAP256SHA256: 13,
  /** RFC 8080. */
  ED25519: 15,
} as const;

export const SUPPORTED_ALGORITHMS: readonly number[] = [
  Algorithm.RSASHA256,
  Algorithm.ECDSAP256SHA256,
  Algorithm.ED25519,
];

export function algorithmName(algorithm: number): string {
  switch (algorithm) {
    case Algorithm.RSASHA256:
      return 'RSASHA256';
    case Algorithm.ECDSAP256SHA256:
      return 'ECDSAP256SHA256';
    case Algorithm.ED25519:
      return 'ED25519';
    default:
      return `ALG${algorithm}`;
  }
}

/** Accepts a number or a mnemonic (case-insensitive). */
export function algorithmFromText(text: string): number {
  const upper = text.trim().toUpperCase();
  for (const algorithm of SUPPORTED_ALGORITHMS) {
    if (algorithmName(algorithm) === upper || String(algorithm) === upper) return algorithm;
  }
  if (upper === 'ECDSA' || upper === 'P256') return Algorithm.ECDSAP256SHA256;
  if (upper === 'RSA') return Algorithm.RSASHA256;
  throw new UnsupportedAlgorithmError(Number.isInteger(Number(upper)) ? Number(upper) : -1);
}

export function checkAlgorithm(algorithm: number): void {
  if (!SUPPORTED_ALGORITHMS.includes(algorithm)) throw new UnsupportedAlgorithmError(algorithm);
}

/** A fresh private key for `algorithm`. RSA keys are 2048 bits (RFC 8624 §3.1, NIST SP 800-57). */
export function generatePrivateKey(algorithm: number, rsaBits = 2048): KeyObject {
  switch (algorithm) {
    case Algorithm.RSASHA256:
      return generateKeyPairSync('rsa', { modulusLength: rsaBits, publicExponent: 65537 }).privateKey;
    case Algorithm.ECDSAP256SHA256:
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case Algorithm.ED25519:
      return generateKeyPairSync('ed25519').privateKey;
    default:
      throw new UnsupportedAlgorithmError(algorithm);
  }
}

/** The public-key field of a DNSKEY for a private (or public) key of `algorithm`. */
export function dnskeyPublicKey(algorithm: number, key: KeyObject): Uint8Array {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  switch (algorithm) {
    case Algorithm.RSASHA256: {
      // RFC 3110 §2: exponent length (one octet, or zero and two octets), exponent, modulus.
      const e = b64url(jwk.e);
      const n = b64url(jwk.n);
      const head =
        e.length <= 255 ? Uint8Array.of(e.length) : Uint8Array.of(0, e.length >> 8, e.length & 0xff);
      return concat([head, e, n]);
    }
    case Algorithm.ECDSAP256SHA256:
      // RFC 6605 §4: the point's x and y, 32 octets each, no prefix.
      return concat([pad(b64url(jwk.x), 32), pad(b64url(jwk.y), 32)]);
    case Algorithm.ED25519:
      // RFC 8080 §3: the 32-octet public key of RFC 8032.
      return b64url(jwk.x);
    default:
      throw new UnsupportedAlgorithmError(algorithm);
  }
}

/** A public key object from a DNSKEY's algorithm and public-key field. */
export function publicKeyFromDnskey(algorithm: number, publicKey: Uint8Array): KeyObject {
  let jwk: JsonWebKey;
  switch (algorithm) {
    case Algorithm.RSASHA256: {
      if (publicKey.length < 3) throw new KeyFormatError('RSA public key too short');
      let p = 1;
      let eLength = publicKey[0];
      if (eLength === 0) {
        eLength = (publicKey[1] << 8) | publicKey[2];
        p = 3;
      }
      if (p + eLength >= publicKey.length) throw new KeyFormatError('RSA public key truncated');
      jwk = {
        kty: 'RSA',
        e: toB64url(publicKey.subarray(p, p + eLength)),
        n: toB64url(publicKey.subarray(p + eLength)),
      };
      break;
    }
    case Algorithm.ECDSAP256SHA256:
      if (publicKey.length !== 64) throw new KeyFormatError('ECDSA P-256 public key is not 64 octets');
      jwk = {
        kty: 'EC',
        crv: 'P-256',
        x: toB64url(publicKey.subarray(0, 32)),
        y: toB64url(publicKey.subarray(32)),
      };
      break;
    case Algorithm.ED25519:
      if (publicKey.length !== 32) throw new KeyFormatError('Ed25519 public key is not 32 octets');
      jwk = { kty: 'OKP', crv: 'Ed25519', x: toB64url(publicKey) };
      break;
    default:
      throw new UnsupportedAlgorithmError(algorithm);
  }
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    throw new KeyFormatError(`unusable public key: ${(error as Error).message}`);
  }
}

/** The signature field of an RRSIG over `data`. */
export function signData(algorithm: number, key: KeyObject, data: Uint8Array): Uint8Array {
  switch (algorithm) {
    case Algorithm.RSASHA256:
      // RFC 5702 §3: RSASSA-PKCS1-v1_5 with SHA-256.
      return sign('sha256', data, key);
    case Algorithm.ECDSAP256SHA256:
      // RFC 6605 §4: r and s, 32 octets each (IEEE P1363), not DER.
      return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    case Algorithm.ED25519:
      return sign(null, data, key);
    default:
      throw new UnsupportedAlgorithmError(algorithm);
  }
}

export function verifyData(
  algorithm: number,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    switch (algorithm) {
      case Algorithm.RSASHA256:
        return verify('sha256', data, key, signature);
      case Algorithm.ECDSAP256SHA256:
        return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case Algorithm.ED25519:
        return verify(null, data, key, signature);
      default:
        throw new UnsupportedAlgorithmError(algorithm);
    }
  } catch (error) {
    if (error instanceof UnsupportedAlgorithmError) throw error;
    return false;
  }
}

/** PKCS#8 DER, the form private keys are sealed in. */
export function exportPrivateKey(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
}

export function importPrivateKey(der: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new KeyFormatError(`unreadable private key: ${(error as Error).message}`);
  }
}

function b64url(text: string | undefined): Uint8Array {
  if (text === undefined) throw new KeyFormatError('key export lacks a component');
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

function toB64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function pad(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
