import { randomBytes } from 'node:crypto';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Name, RRType, rdataToText } from '@shoal/dns-wire';
import {
  dsRdata,
  exportPrivateKey,
  flagsOf,
  generatePrivateKey,
  importPrivateKey,
  type KeyRole,
  type KeyTimeline,
  keyState,
  openKey,
  type SealedKey,
  type SigningKey,
  sealKey,
  signingKey,
} from '@shoal/dnssec';
import {
  DNSSEC_KEYS_BUCKET,
  type KeyInfo,
  KeyRole as ProtoRole,
  KeyState as ProtoState,
  StoredKey,
} from '@shoal/dnssec-api';
import { encodeZoneToken } from '@shoal/events';

/** One key as the signer works with it: its timeline, public key and sealed private key. */
export interface KeyRecord {
  zone: string;
  timeline: KeyTimeline;
  dnskey: Uint8Array;
  sealed: SealedKey;
  /** The bucket revision read, for compare-and-set updates. */
  revision: number;
}

const ROLE_TO_PROTO: Record<KeyRole, ProtoRole> = {
  ksk: ProtoRole.KEY_ROLE_KSK,
  zsk: ProtoRole.KEY_ROLE_ZSK,
  csk: ProtoRole.KEY_ROLE_CSK,
};
const STATE_TO_PROTO = {
  created: ProtoState.KEY_STATE_CREATED,
  published: ProtoState.KEY_STATE_PUBLISHED,
  active: ProtoState.KEY_STATE_ACTIVE,
  retired: ProtoState.KEY_STATE_RETIRED,
  removed: ProtoState.KEY_STATE_REMOVED,
} as const;

export function roleFromProto(role: ProtoRole): KeyRole | undefined {
  return (Object.entries(ROLE_TO_PROTO) as [KeyRole, ProtoRole][]).find(([, p]) => p === role)?.[0];
}

/** The zone's bucket-key prefix: its subject token (injective, see @shoal/events). */
export function zonePrefix(zone: string): string {
  return encodeZoneToken(Name.parse(zone).labels);
}

/**
 * The zones' keys in the DNSSEC_KEYS bucket, one entry per key under `<zone token>.<id>`. The
 * private key is stored sealed (AES-256-GCM under the signers' key-encryption key, bound to the
 * zone and key id), so the bucket, its replicas and backups hold ciphertext only; any signer
 * with the same key-encryption key can take over.
 */
export class KeyStore {
  readonly #cache = new Map<string, SigningKey>();

  private constructor(
    private readonly kv: KV,
    private readonly kek: Uint8Array,
  ) {}

  static async open(nc: NatsConnection, kek: Uint8Array, replicas = 1): Promise<KeyStore> {
    const kvm = new Kvm(nc);
    let kv: KV;
    try {
      kv = await kvm.open(DNSSEC_KEYS_BUCKET, { bindOnly: true });
      await kv.status();
    } catch {
      kv = await kvm.create(DNSSEC_KEYS_BUCKET, { history: 5, replicas });
    }
    return new KeyStore(kv, kek);
  }

  /** The zone's keys, oldest first. */
  async list(zone: string): Promise<KeyRecord[]> {
    const prefix = zonePrefix(zone);
    const out: KeyRecord[] = [];
    for await (const k of await this.kv.keys(`${prefix}.*`)) {
      const entry = await this.kv.get(k);
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) continue;
      out.push(this.#decode(entry.value, entry.revision));
    }
    return out.sort(
      (a, b) => a.timeline.created - b.timeline.created || (a.timeline.id < b.timeline.id ? -1 : 1),
    );
  }

  /** Generates and stores a key; `times` schedules it (publish, activate) and links a predecessor. */
  async create(
    zone: string,
    role: KeyRole,
    algorithm: number,
    now: number,
    times: Partial<Pick<KeyTimeline, 'publish' | 'activate' | 'predecessor'>> = {},
  ): Promise<KeyRecord> {
    const id = randomBytes(8).toString('hex');
    const privateKey = generatePrivateKey(algorithm);
    const key = signingKey(algorithm, flagsOf(role), privateKey);
    const timeline: KeyTimeline = { id, role, algorithm, keyTag: key.keyTag, created: now, ...times };
    const sealed = sealKey(this.kek, exportPrivateKey(privateKey), `${zone}/${id}`);
    const record: KeyRecord = { zone, timeline, dnskey: key.dnskey, sealed, revision: 0 };
    record.revision = await this.kv.create(`${zonePrefix(zone)}.${id}`, this.#encode(record));
    this.#cache.set(`${zone}/${id}`, key);
    return record;
  }

  /** Changes a key's timeline; fails when another signer changed it since it was read. */
  async update(record: KeyRecord, patch: Partial<KeyTimeline>): Promise<KeyRecord> {
    const next: KeyRecord = { ...record, timeline: { ...record.timeline, ...patch } };
    next.revision = await this.kv.update(
      `${zonePrefix(record.zone)}.${record.timeline.id}`,
      this.#encode(next),
      record.revision,
    );
    return next;
  }

  async delete(record: KeyRecord): Promise<void> {
    await this.kv.delete(`${zonePrefix(record.zone)}.${record.timeline.id}`);
    this.#cache.delete(`${record.zone}/${record.timeline.id}`);
  }

  /** The private key, opened with the key-encryption key (kept in memory once opened). */
  signingKey(record: KeyRecord): SigningKey {
    const id = `${record.zone}/${record.timeline.id}`;
    let key = this.#cache.get(id);
    if (key === undefined) {
      const der = openKey(this.kek, record.sealed, id);
      key = signingKey(record.timeline.algorithm, flagsOf(record.timeline.role), importPrivateKey(der));
      this.#cache.set(id, key);
    }
    return key;
  }

  #encode(record: KeyRecord): Uint8Array {
    return StoredKey.encode({
      info: keyInfo(record, record.timeline.created),
      dnskeyRdata: record.dnskey,
      sealed: {
        cipher: record.sealed.cipher,
        iv: Buffer.from(record.sealed.iv, 'base64'),
        tag: Buffer.from(record.sealed.tag, 'base64'),
        data: Buffer.from(record.sealed.data, 'base64'),
      },
    }).finish();
  }

  #decode(bytes: Uint8Array, revision: number): KeyRecord {
    const stored = StoredKey.decode(bytes);
    const info = stored.info!;
    const optional = (n: number) => (n === 0 ? undefined : n);
    const timeline: KeyTimeline = {
      id: info.id,
      role: roleFromProto(info.role) ?? 'zsk',
      algorithm: info.algorithm,
      keyTag: info.keyTag,
      created: info.created,
      publish: optional(info.publish),
      activate: optional(info.activate),
      retire: optional(info.retire),
      remove: optional(info.remove),
      dsSeen: optional(info.dsSeen),
      successor: info.successor || undefined,
      predecessor: info.predecessor || undefined,
    };
    const sealed = stored.sealed!;
    return {
      zone: info.zone,
      timeline,
      dnskey: stored.dnskeyRdata,
      sealed: {
        cipher: sealed.cipher,
        iv: Buffer.from(sealed.iv).toString('base64'),
        tag: Buffer.from(sealed.tag).toString('base64'),
        data: Buffer.from(sealed.data).toString('base64'),
      },
      revision,
    };
  }
}

/** A key as listed (no private part), with its state at `now` and the DS for a KSK or CSK. */
export function keyInfo(record: KeyRecord, now: number): KeyInfo {
  const t = record.timeline;
  const ds = t.role === 'zsk' ? '' : rdataToText(RRType.DS, dsRdata(Name.parse(record.zone), record.dnskey));
  return {
    zone: record.zone,
    id: t.id,
    role: ROLE_TO_PROTO[t.role],
    algorithm: t.algorithm,
    keyTag: t.keyTag,
    state: STATE_TO_PROTO[keyState(t, now)],
    dnskey: rdataToText(RRType.DNSKEY, record.dnskey),
    ds,
    created: t.created,
    publish: t.publish ?? 0,
    activate: t.activate ?? 0,
    retire: t.retire ?? 0,
    remove: t.remove ?? 0,
    dsSeen: t.dsSeen ?? 0,
    successor: t.successor ?? '',
    predecessor: t.predecessor ?? '',
  };
}
