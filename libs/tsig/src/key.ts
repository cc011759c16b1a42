import { Name } from '@shoal/dns-wire';
import { parseAlgorithm, type TsigAlgorithm } from './algorithm.js';
import { TsigKeyError } from './errors.js';

/** A shared secret (RFC 8945 §2): the key's name, its algorithm and the secret octets. */
export interface TsigKey {
  readonly name: Name;
  readonly algorithm: TsigAlgorithm;
  readonly secret: Uint8Array;
}

/** The JSON form keys are stored in (the TSIG_KEYS bucket): `{"name","algorithm","secret"}`. */
export interface TsigKeyJson {
  name: string;
  algorithm: string;
  /** Base64. */
  secret: string;
}

export function makeTsigKey(name: string, algorithm: string, secretBase64: string): TsigKey {
  let keyName: Name;
  try {
    keyName = Name.parse(name.endsWith('.') ? name : `${name}.`);
  } catch (e) {
    throw new TsigKeyError(`bad TSIG key name ${JSON.stringify(name)}: ${(e as Error).message}`);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(secretBase64.replace(/\s+/g, ''))) {
    throw new TsigKeyError(`TSIG key ${keyName}: the secret is not base64`);
  }
  const secret = new Uint8Array(Buffer.from(secretBase64, 'base64'));
  if (secret.length === 0) throw new TsigKeyError(`TSIG key ${keyName}: empty secret`);
  return { name: keyName, algorithm: parseAlgorithm(algorithm), secret };
}

export function parseTsigKeyJson(text: string | Uint8Array): TsigKey {
  let doc: Partial<TsigKeyJson>;
  try {
    doc = JSON.parse(
      typeof text === 'string' ? text : new TextDecoder().decode(text),
    ) as Partial<TsigKeyJson>;
  } catch (e) {
    throw new TsigKeyError(`TSIG key JSON unreadable: ${(e as Error).message}`);
  }
  if (typeof doc.name !== 'string' || typeof doc.algorithm !== 'string' || typeof doc.secret !== 'string') {
    throw new TsigKeyError('TSIG key JSON needs string fields name, algorithm and secret');
  }
  return makeTsigKey(doc.name, doc.algorithm, doc.secret);
}

export function tsigKeyToJson(key: TsigKey): TsigKeyJson {
  return {
    name: key.name.toString(),
    algorithm: key.algorithm.id,
    secret: Buffer.from(key.secret).toString('base64'),
  };
}

/** Where verification finds keys by name. */
export interface TsigKeyring {
  get(name: Name): TsigKey | undefined;
}

/** A keyring held in memory; also the base of keyrings fed from elsewhere. */
export class MemoryKeyring implements TsigKeyring {
  readonly #keys = new Map<string, TsigKey>();

  constructor(keys: Iterable<TsigKey> = []) {
    for (const key of keys) this.set(key);
  }

  get(name: Name): TsigKey | undefined {
    return this.#keys.get(name.key);
  }

  set(key: TsigKey): void {
    this.#keys.set(key.name.key, key);
  }

  delete(name: Name): boolean {
    return this.#keys.delete(name.key);
  }

  /** Deletes by the name's key (lowercase, trailing dot). */
  deleteKey(nameKey: string): boolean {
    return this.#keys.delete(nameKey);
  }

  get size(): number {
    return this.#keys.size;
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }
}
