import { type Name, RRType, serialAdd, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import {
  denialFromSettings,
  isSigned,
  type ModelRecord,
  Nsec3Hasher,
  type SignResult,
  sameParams,
  signZoneChange,
  type ZoneKeySet,
  ZoneModel,
} from '@shoal/dnssec';
import type { ZoneSettings } from '@shoal/events';
import type { SignerConfig } from './config.js';
import type { KeyStore } from './key-store.js';
import { keySetAt, runAutomation } from './zone-keys.js';
import type { ZoneMirror } from './zone-mirror.js';

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * What signing a change of one zone takes: its keys (created on first use), its chain settings
 * and a cached NSEC3 hasher. Shared by the request handler and the maintenance loop.
 */
export class SignerCore {
  readonly #hashers = new Map<string, Nsec3Hasher>();

  constructor(
    readonly config: SignerConfig,
    readonly keys: KeyStore,
    readonly mirror: ZoneMirror,
  ) {}

  /** The keys signing `zone` now, after the automation had its say (first keys included). */
  async keySet(zone: string, now: number): Promise<ZoneKeySet> {
    const { records } = await runAutomation(
      this.keys,
      zone,
      this.config.rollover,
      now,
      this.mirror.parentDs(zone),
    );
    return keySetAt(this.keys, records, this.config.rollover, now);
  }

  /** Signs `change` against `model` (not modified): the full ChangeSet to append. */
  sign(
    model: ZoneModel,
    settings: ZoneSettings | undefined,
    keys: ZoneKeySet,
    now: number,
    options: {
      change?: { removed: ModelRecord[]; added: ModelRecord[] };
      full?: boolean;
      maxSignatures?: number;
    },
  ): SignResult {
    const denial = denialFromSettings(settings?.dnssec ?? {});
    let hasher: Nsec3Hasher | undefined;
    if (denial.kind === 'nsec3') {
      const cached = this.#hashers.get(model.origin.key);
      hasher = cached && sameParams(cached.params, denial.params) ? cached : new Nsec3Hasher(denial.params);
      this.#hashers.set(model.origin.key, hasher);
    }
    return signZoneChange(model, {
      keys,
      denial,
      policy: this.config.signature,
      now,
      change: options.change,
      // A zone signed for the first time, or whose chain kind changes, is examined whole.
      full: options.full || !isSigned(model),
      hasher,
      maxSignatures: options.maxSignatures,
    });
  }

  /** A new zone's records, signed: what a ZoneCreated of a signed zone carries. */
  async signNewZone(
    origin: Name,
    settings: ZoneSettings | undefined,
    records: ModelRecord[],
    now: number,
  ): Promise<{ records: ModelRecord[]; signatures: number }> {
    const model = new ZoneModel(origin);
    model.apply([], records);
    const keys = await this.keySet(origin.key, now);
    const result = this.sign(model, settings, keys, now, { full: true });
    model.apply(result.removed, result.added);
    return { records: [...model.records()], signatures: result.signatures };
  }
}

/** The serial bump of a signer's own ChangeSet: old SOA out, new SOA in (RFC 1995 order). */
export function soaBump(model: ZoneModel): {
  removed: ModelRecord[];
  added: ModelRecord[];
  from: number;
  to: number;
} {
  const soa = model.get(model.origin, RRType.SOA);
  if (!soa) throw new Error(`zone ${model.origin} has no SOA`);
  const rdata = soa.rdatas[0];
  const from = soaSerial(rdata);
  const to = serialAdd(from, 1);
  const owner = model.ownerOf(model.origin) ?? model.origin;
  return {
    removed: [{ owner, type: RRType.SOA, ttl: soa.ttl, rdata }],
    added: [{ owner, type: RRType.SOA, ttl: soa.ttl, rdata: withSoaSerial(rdata, to) }],
    from,
    to,
  };
}
