import { encodeRdata, type Name, RRType, soaMinimum } from '@shoal/dns-wire';
import { base32hex, NSEC3_OPT_OUT, type Nsec3Params, nsec3HashWire } from './nsec3-hash.js';
import { compareBytes } from './rrsig.js';
import type { ModelRRset, ZoneModel } from './zone-model.js';

/** How a zone denies existence: NSEC (RFC 4034 §4) or NSEC3 (RFC 5155), with or without opt-out. */
export type Denial = { kind: 'nsec' } | { kind: 'nsec3'; params: Nsec3Params; optOut: boolean };

/** Types that are not data for the chain: the chain itself and signatures. */
const NOT_DATA = new Set<number>([RRType.NSEC, RRType.NSEC3, RRType.RRSIG]);

/** An authoritative name of the zone as the chain sees it. */
export interface ChainName {
  owner: Name;
  /** Data types at the name (a delegation point keeps only NS and DS, RFC 4035 §2.3). */
  types: number[];
  /** A zone cut below the apex. */
  cut: boolean;
  /** A cut with a DS RRset: a signed child. */
  secureCut: boolean;
}

/**
 * The names the chain covers, in canonical order: every owner with data that is not below a
 * zone cut or a DNAME (occluded data and glue are not authoritative, RFC 4035 §2.3, RFC 6672
 * §2.4). A cut itself is included with its NS and DS.
 */
export function authoritativeNames(model: ZoneModel): ChainName[] {
  const out: ChainName[] = [];
  let fence: Name | undefined;
  for (const { owner, sets } of model.sortedOwners()) {
    if (fence !== undefined && owner.isSubdomainOf(fence)) continue;
    fence = undefined;
    const apex = owner.equals(model.origin);
    const cut = !apex && sets.has(RRType.NS);
    let types = dataTypes(sets);
    if (types.length === 0) continue;
    if (cut) types = types.filter((t) => t === RRType.NS || t === RRType.DS);
    if (cut || sets.has(RRType.DNAME)) fence = owner;
    out.push({ owner, types, cut, secureCut: cut && sets.has(RRType.DS) });
  }
  return out;
}

function dataTypes(sets: ReadonlyMap<number, ModelRRset>): number[] {
  const types: number[] = [];
  for (const type of sets.keys()) if (!NOT_DATA.has(type)) types.push(type);
  return types.sort((a, b) => a - b);
}

/** One record of the desired chain. */
export interface ChainRecord {
  owner: Name;
  type: number;
  ttl: number;
  rdata: Uint8Array;
}

/**
 * RFC 9077 §3.3 (updating RFC 4034 §4 and RFC 5155 §3): NSEC and NSEC3 records carry the lesser
 * of the SOA's TTL and its MINIMUM field, the negative-caching TTL they stand for.
 */
export function denialTtl(model: ZoneModel): number {
  const soa = model.get(model.origin, RRType.SOA);
  if (!soa) return 3600;
  return Math.min(soa.ttl, soaMinimum(soa.rdatas[0]));
}

/** The NSEC chain (RFC 4034 §4.1): each name points at the next in canonical order, the last at the apex. */
export function nsecChain(model: ZoneModel): ChainRecord[] {
  const names = authoritativeNames(model);
  const ttl = denialTtl(model);
  return names.map((name, i) => {
    const next = names[(i + 1) % names.length].owner;
    // RFC 4034 §4.1.2: the bitmap lists the NSEC and its RRSIG too.
    const types = [...name.types, RRType.NSEC, RRType.RRSIG].sort((a, b) => a - b);
    return { owner: name.owner, type: RRType.NSEC, ttl, rdata: encodeRdata({ type: 'NSEC', next, types }) };
  });
}

/** Hashes cached per name for one parameter set: the chain is recomputed on every change. */
export class Nsec3Hasher {
  readonly #cache = new Map<string, Uint8Array>();
  readonly #params: Nsec3Params;
  constructor(params: Nsec3Params) {
    this.#params = params;
  }

  get params(): Nsec3Params {
    return this.#params;
  }

  hash(name: Name): Uint8Array {
    const key = name.key;
    let hash = this.#cache.get(key);
    if (hash === undefined) {
      hash = nsec3HashWire(name.toCanonicalWire(), this.#params);
      if (this.#cache.size > 1_000_000) this.#cache.clear();
      this.#cache.set(key, hash);
    }
    return hash;
  }
}

export function sameParams(a: Nsec3Params, b: Nsec3Params): boolean {
  return (
    a.hashAlgorithm === b.hashAlgorithm && a.iterations === b.iterations && compareBytes(a.salt, b.salt) === 0
  );
}

/**
 * The NSEC3 chain (RFC 5155 §7.1): one record per authoritative name and per empty non-terminal,
 * ordered by hash, each pointing at the next hash. With opt-out, delegations without DS are left
 * out, and so are empty non-terminals that only they needed; every record then has the Opt-Out
 * flag (RFC 5155 §6).
 */
export function nsec3Chain(model: ZoneModel, hasher: Nsec3Hasher, optOut: boolean): ChainRecord[] {
  const names = authoritativeNames(model);
  const origin = model.origin;
  const entries = new Map<string, { name: Name; types: number[] }>();
  for (const name of names) {
    if (optOut && name.cut && !name.secureCut) continue;
    // RRSIG is listed when the name has signed data: everything but an insecure cut's NS (RFC 5155 §3.2).
    const signed = !name.cut || name.secureCut;
    const types = signed ? [...name.types, RRType.RRSIG].sort((a, b) => a - b) : name.types;
    entries.set(name.owner.key, { name: name.owner, types });
  }
  for (const { name } of [...entries.values()]) {
    // Empty non-terminals between the name and the apex (RFC 5155 §7.1).
    for (let up = name; up.labelCount > origin.labelCount + 1; ) {
      up = up.parent();
      if (entries.has(up.key)) break;
      entries.set(up.key, { name: up, types: [] });
    }
  }
  const hashed = [...entries.values()].map((entry) => ({ ...entry, hash: hasher.hash(entry.name) }));
  hashed.sort((a, b) => compareBytes(a.hash, b.hash));
  const ttl = denialTtl(model);
  const { params } = hasher;
  const flags = optOut ? NSEC3_OPT_OUT : 0;
  const out: ChainRecord[] = [];
  for (let i = 0; i < hashed.length; i++) {
    const entry = hashed[i];
    // Two names hashing alike would need a new salt (RFC 5155 §7.1); with SHA-1 it does not happen.
    if (i > 0 && compareBytes(hashed[i - 1].hash, entry.hash) === 0) continue;
    const next = hashed[(i + 1) % hashed.length].hash;
    out.push({
      owner: origin.prepend(base32hex(entry.hash)),
      type: RRType.NSEC3,
      ttl,
      rdata: encodeRdata({
        type: 'NSEC3',
        hashAlgorithm: params.hashAlgorithm,
        flags,
        iterations: params.iterations,
        salt: params.salt,
        nextHashedOwner: next,
        types: entry.types,
      }),
    });
  }
  return out;
}

/** The NSEC3PARAM RDATA for `params` (flags zero, RFC 5155 §4.1.2). */
export function nsec3paramRdata(params: Nsec3Params): Uint8Array {
  return encodeRdata({
    type: 'NSEC3PARAM',
    hashAlgorithm: params.hashAlgorithm,
    flags: 0,
    iterations: params.iterations,
    salt: params.salt,
  });
}
