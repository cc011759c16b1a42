import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Name } from '@shoal/dns-wire';
import { encodeZoneToken } from '@shoal/events';

/** Bucket of NOTIFY claims: one entry per (zone, change), kept an hour. */
export const NOTIFY_CLAIMS_BUCKET = 'XFR_NOTIFY_CLAIMS';
/** Bucket of secondary zones' last successful refresh, shared by every bridge. */
export const REFRESH_STATE_BUCKET = 'XFR_REFRESH';

export interface RefreshRecord {
  /** The zone incarnation (ZoneCreated sequence) this record is about. */
  zoneId: number;
  serial: number;
  lastSuccessMs: number;
  bridge: string;
}

function zoneToken(zone: string): string {
  return encodeZoneToken(Name.parse(zone).labels);
}

async function openOrCreate(nc: NatsConnection, bucket: string, ttlMs?: number): Promise<KV> {
  const kvm = new Kvm(nc);
  try {
    const kv = await kvm.open(bucket, { bindOnly: true });
    await kv.status();
    return kv;
  } catch {
    return kvm.create(bucket, { history: 1, ...(ttlMs ? { ttl: ttlMs } : {}) });
  }
}

/**
 * State several bridges share through JetStream KV:
 * - NOTIFY claims: the first bridge to create `<zone>.<sequence>` sends the NOTIFYs for that
 *   change, so a change is notified once however many bridges run (KV create is atomic);
 * - refresh records: when any bridge last heard from a primary, so expiry (RFC 1035 §4.3.5)
 *   counts from the fleet's last success, not from one bridge's.
 * Without NATS the bridge still works alone: claims are granted and records kept locally.
 */
export class SharedState {
  private constructor(
    private readonly claims: KV | undefined,
    private readonly refresh: KV | undefined,
    private readonly bridgeId: string,
  ) {}

  static async open(nc: NatsConnection, bridgeId: string): Promise<SharedState> {
    const [claims, refresh] = await Promise.all([
      openOrCreate(nc, NOTIFY_CLAIMS_BUCKET, 3_600_000),
      openOrCreate(nc, REFRESH_STATE_BUCKET),
    ]);
    return new SharedState(claims, refresh, bridgeId);
  }

  static local(bridgeId: string): SharedState {
    return new SharedState(undefined, undefined, bridgeId);
  }

  /** True when this bridge is the one to notify for this change. */
  async claimNotify(zone: string, sequence: number): Promise<boolean> {
    if (!this.claims) return true;
    try {
      await this.claims.create(`${zoneToken(zone)}.${sequence}`, this.bridgeId);
      return true;
    } catch (e) {
      if (/wrong last sequence|key exists|exists/i.test(String(e))) return false;
      // KV trouble: better a duplicate NOTIFY (harmless, RFC 1996 §3.10) than none.
      return true;
    }
  }

  async getRefresh(zone: string): Promise<RefreshRecord | undefined> {
    if (!this.refresh) return undefined;
    try {
      const entry = await this.refresh.get(zoneToken(zone));
      return entry && entry.operation === 'PUT' && entry.length > 0
        ? (entry.json() as RefreshRecord)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async putRefresh(zone: string, record: Omit<RefreshRecord, 'bridge'>): Promise<void> {
    if (!this.refresh) return;
    try {
      await this.refresh.put(zoneToken(zone), JSON.stringify({ ...record, bridge: this.bridgeId }));
    } catch {
      // Only an optimisation across bridges; the local state still drives this bridge.
    }
  }
}
