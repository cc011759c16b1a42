import { randomBytes } from 'node:crypto';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Name } from '@shoal/dns-wire';
import { TsigKeyExistsError, TsigKeyNotFoundError, ValidationError, type Violation } from './errors.js';

/** The bucket the transfer code reads keys from. */
export const TSIG_KEYS_BUCKET = 'TSIG_KEYS';

/** Algorithm ids and the HMAC block size (the length of a generated secret, RFC 2104 §3). */
export const TSIG_ALGORITHMS: ReadonlyMap<string, number> = new Map([
  ['hmac-sha1', 64],
  ['hmac-sha256', 64],
  ['hmac-sha384', 128],
  ['hmac-sha512', 128],
]);

/** A key as stored in the bucket: `{"name":"key.name.","algorithm":"hmac-sha256","secret":"<base64>"}`. */
export interface StoredTsigKey {
  name: string;
  algorithm: string;
  secret: string;
}

/**
 * The bucket key of a key name: lowercase presentation form without the trailing dot, every
 * octet outside `[-/_.a-z0-9]` written as `=` and two hex digits (so `=` itself is escaped
 * and the mapping is injective). The transfer code computes the same.
 */
export function tsigKvKey(name: string): string {
  const bare = name.toLowerCase().replace(/\.$/, '');
  let out = '';
  for (const octet of Buffer.from(bare, 'utf8')) {
    const c = String.fromCharCode(octet);
    out += /[-/_.a-z0-9]/.test(c) ? c : `=${octet.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Validates and normalises a key: name to lowercase absolute form, algorithm id, base64 secret. */
export function normaliseTsigKey(input: { name: string; algorithm: string; secret?: string }): StoredTsigKey {
  const violations: Violation[] = [];
  let name = '';
  try {
    const parsed = Name.parse(input.name.endsWith('.') ? input.name : `${input.name}.`);
    if (parsed.labelCount === 0) throw new Error('the root cannot name a key');
    name = parsed.key;
  } catch (e) {
    violations.push({
      field: 'name',
      rule: 'bad-name',
      message: `${JSON.stringify(input.name)}: ${(e as Error).message}`,
    });
  }
  const algorithm = input.algorithm.toLowerCase().replace(/\.$/, '');
  const blockSize = TSIG_ALGORITHMS.get(algorithm);
  if (!blockSize) {
    violations.push({
      field: 'algorithm',
      rule: 'bad-algorithm',
      message: `${JSON.stringify(input.algorithm)} is not one of ${[...TSIG_ALGORITHMS.keys()].join(', ')}`,
    });
  }
  let secret = input.secret?.replace(/\s+/g, '') ?? '';
  if (secret === '') secret = randomBytes(blockSize ?? 64).toString('base64');
  else if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || Buffer.from(secret, 'base64').length === 0) {
    violations.push({ field: 'secret', rule: 'bad-secret', message: 'the secret is not base64' });
  }
  if (violations.length) throw new ValidationError(violations);
  return { name, algorithm, secret };
}

/** TSIG keys in the TSIG_KEYS JetStream key-value bucket (history 1: a key is its last value). */
export class TsigKeyStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, replicas = 1): Promise<TsigKeyStore> {
    const kvm = new Kvm(nc);
    let kv: KV;
    try {
      kv = await kvm.open(TSIG_KEYS_BUCKET, { bindOnly: true });
      await kv.status();
    } catch {
      kv = await kvm.create(TSIG_KEYS_BUCKET, { history: 1, replicas });
    }
    return new TsigKeyStore(kv);
  }

  async create(
    input: { name: string; algorithm: string; secret?: string },
    replace = false,
  ): Promise<StoredTsigKey> {
    const key = normaliseTsigKey(input);
    const value = JSON.stringify(key);
    if (replace) await this.kv.put(tsigKvKey(key.name), value);
    else {
      try {
        // create() is atomic: it fails when a live value exists, so two admins cannot both win.
        await this.kv.create(tsigKvKey(key.name), value);
      } catch (e) {
        if (/wrong last sequence|exists/i.test(String(e))) throw new TsigKeyExistsError(key.name);
        throw e;
      }
    }
    return key;
  }

  async get(name: string): Promise<StoredTsigKey> {
    const kvKey = tsigKvKey(keyName(name));
    const entry = await this.kv.get(kvKey);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0)
      throw new TsigKeyNotFoundError(keyName(name));
    return JSON.parse(entry.string()) as StoredTsigKey;
  }

  async list(): Promise<StoredTsigKey[]> {
    const out: StoredTsigKey[] = [];
    const keys = await this.kv.keys();
    for await (const k of keys) {
      const entry = await this.kv.get(k);
      if (entry && entry.operation === 'PUT' && entry.value.length) {
        try {
          out.push(JSON.parse(entry.string()) as StoredTsigKey);
        } catch {
          // Written by someone else and unreadable: not ours to list.
        }
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async delete(name: string): Promise<void> {
    await this.get(name);
    await this.kv.delete(tsigKvKey(keyName(name)));
  }
}

function keyName(name: string): string {
  try {
    return Name.parse(name.endsWith('.') ? name : `${name}.`).key;
  } catch {
    throw new TsigKeyNotFoundError(name);
  }
}
