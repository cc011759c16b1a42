import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Name, parseZoneText, RRType, serialAdd, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import type { SignaturePolicy } from '../policy.js';
import { generateSigningKey, type SigningKey } from '../signing-key.js';
import { type ModelRecord, ZoneModel } from '../zone-model.js';
import type { ZoneKeySet } from '../zone-signer.js';

export const ZONE_DIRECTORY = fileURLToPath(new URL('../../../../test/fixtures/zones/', import.meta.url));

export function fixtureRecords(origin: string): ModelRecord[] {
  const name = Name.parse(`${origin}.`);
  const text = readFileSync(`${ZONE_DIRECTORY}${origin}.zone`, 'utf8');
  return parseZoneText(text, { origin: name }).map((rr) => ({
    owner: rr.name,
    type: rr.type,
    ttl: rr.ttl,
    rdata: rr.rdata,
  }));
}

export function modelOf(origin: string, records: readonly ModelRecord[]): ZoneModel {
  const model = new ZoneModel(Name.parse(origin));
  model.apply([], records);
  return model;
}

export function keySet(ksk: SigningKey, zsk: SigningKey = ksk): ZoneKeySet {
  const dnskeys = ksk === zsk ? [ksk.dnskey] : [ksk.dnskey, zsk.dnskey];
  return { dnskeys, zoneSigners: [zsk], keySigners: [ksk], parentKeys: [ksk.dnskey] };
}

export function newKeys(algorithm: number): ZoneKeySet {
  return keySet(generateSigningKey(algorithm, 'ksk'), generateSigningKey(algorithm, 'zsk'));
}

/** The SOA serial bump of one change: old SOA removed, new one added (RFC 1995 order). */
export function soaBump(model: ZoneModel): { removed: ModelRecord[]; added: ModelRecord[] } {
  const soa = model.get(model.origin, RRType.SOA)!;
  const rdata = soa.rdatas[0];
  const next = withSoaSerial(rdata, serialAdd(soaSerial(rdata), 1));
  return {
    removed: [{ owner: model.origin, type: RRType.SOA, ttl: soa.ttl, rdata }],
    added: [{ owner: model.origin, type: RRType.SOA, ttl: soa.ttl, rdata: next }],
  };
}

export const TEST_POLICY: SignaturePolicy = {
  validity: 14 * 86400,
  refresh: 5 * 86400,
  jitter: 3600,
  inceptionOffset: 3600,
  dnskeyTtl: 3600,
};

export const nowSeconds = () => Math.floor(Date.now() / 1000);
