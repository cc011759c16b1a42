import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeySealError } from './errors.js';

/** A private key encrypted with the signers' key-encryption key: what storage ever sees. */
export interface SealedKey {
  /** 'aes-256-gcm'. */
  cipher: string;
  /** Base64: 12-octet nonce, 16-octet tag, ciphertext. */
  iv: string;
  tag: string;
  data: string;
}

const CIPHER = 'aes-256-gcm';

/** A 32-octet key-encryption key from a file's contents: 64 hex digits, 44 base64 characters, or 32 raw octets. */
export function parseKek(contents: Uint8Array | string): Uint8Array {
  const text = (typeof contents === 'string' ? contents : Buffer.from(contents).toString('latin1')).trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return new Uint8Array(Buffer.from(text, 'base64'));
  const raw = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : Buffer.from(contents);
  if (raw.length === 32) return new Uint8Array(raw);
  throw new KeySealError('the key-encryption key must be 32 octets (64 hex digits or base64)');
}

/**
 * Seals `plaintext` with AES-256-GCM under `kek`. `context` (the zone and key id) is bound as
 * additional data, so a sealed key moved to another record does not open.
 */
export function sealKey(kek: Uint8Array, plaintext: Uint8Array, context: string): SealedKey {
  if (kek.length !== 32) throw new KeySealError('the key-encryption key must be 32 octets');
  const iv = randomBytes(12);
  const cipher = createCipheriv(CIPHER, kek, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    cipher: CIPHER,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function openKey(kek: Uint8Array, sealed: SealedKey, context: string): Uint8Array {
  if (sealed.cipher !== CIPHER) throw new KeySealError(`unknown cipher ${sealed.cipher}`);
  try {
    const decipher = createDecipheriv(CIPHER, kek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return new Uint8Array(
      Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]),
    );
  } catch {
    throw new KeySealError('the sealed key does not open with this key-encryption key');
  }
}
