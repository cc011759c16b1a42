import { type ResourceRecord, RRClass } from '@shoal/dns-wire';
import {
  Algorithm,
  DEFAULT_SIGNATURE_POLICY,
  type Denial,
  generateSigningKey,
  type ModelRecord,
  signZoneChange,
  type ZoneKeySet,
  ZoneModel,
} from '@shoal/dnssec';
import { Catalog } from '../catalog.js';
import { Zone } from '../zone.js';
import { loadFixtureZone } from './fixtures.js';

export const NSEC3: Denial = {
  kind: 'nsec3',
  params: { hashAlgorithm: 1, iterations: 0, salt: new Uint8Array(0) },
  optOut: false,
};
export const NSEC3_OPT_OUT: Denial = { ...NSEC3, optOut: true };

export interface SignedFixture {
  zone: Zone;
  keys: ZoneKeySet;
}

/** A fixture zone signed by @shoal/dnssec, loaded into a Zone as the projection would. */
export function signedFixture(origin: string, denial: Denial = { kind: 'nsec' }): SignedFixture {
  const plain = loadFixtureZone(origin);
  const model = new ZoneModel(plain.origin);
  const records: ModelRecord[] = [...plain.records()].map((r) => ({
    owner: r.name,
    type: r.type,
    ttl: r.ttl,
    rdata: r.rdata,
  }));
  model.apply([], records);
  const ksk = generateSigningKey(Algorithm.ECDSAP256SHA256, 'ksk');
  const zsk = generateSigningKey(Algorithm.ECDSAP256SHA256, 'zsk');
  const keys: ZoneKeySet = {
    dnskeys: [ksk.dnskey, zsk.dnskey],
    zoneSigners: [zsk],
    keySigners: [ksk],
    parentKeys: [ksk.dnskey],
  };
  const now = Math.floor(Date.now() / 1000);
  const signed = signZoneChange(model, { keys, denial, policy: DEFAULT_SIGNATURE_POLICY, now, full: true });
  model.apply(signed.removed, signed.added);
  const zone = new Zone(plain.origin);
  for (const r of model.records()) zone.addRecord(toRecord(r));
  return { zone, keys };
}

export function toRecord(r: ModelRecord): ResourceRecord {
  return { name: r.owner, type: r.type, class: RRClass.IN, ttl: r.ttl, rdata: r.rdata };
}

export function catalogOf(...zones: Zone[]): Catalog {
  const catalog = new Catalog();
  for (const zone of zones) catalog.set(zone);
  return catalog;
}
