import { decodeRdata, encodeRdata, type Name, type NSEC3Rdata, RRType } from '@shoal/dns-wire';
import { canonicalOrderKey } from './canonical-key.js';
import type { ChainRecord, Nsec3Hasher } from './chain.js';
import { base32hex, NSEC3_OPT_OUT } from './nsec3-hash.js';
import { lowerBound, upperBound } from './ordered-set.js';
import type { ModelEntry, ZoneModel } from './zone-model.js';

/**
 * The chain brought up to date around the names a change touched, rather than recomputed:
 * for NSEC the touched names and their predecessors in canonical order, for NSEC3 the touched
 * names, their ancestors (empty non-terminals come and go with them) and their predecessors in
 * hash order. The result equals the full computation (chain.ts), as the tests check; the full
 * one is still used when a cut, a DNAME, the chain's kind, parameters or TTL change.
 */

const NOT_DATA = new Set<number>([RRType.NSEC, RRType.NSEC3, RRType.RRSIG]);

interface Member {
  owner: Name;
  types: number[];
  cut: boolean;
  secureCut: boolean;
}

/** Below a cut or a DNAME (strictly): not authoritative (RFC 4035 §2.3, RFC 6672 §2.4). */
function occluded(model: ZoneModel, owner: Name): boolean {
  if (owner.labelCount <= model.origin.labelCount + 1) return false;
  for (let up = owner.parent(); up.labelCount > model.origin.labelCount; up = up.parent()) {
    const sets = model.at(up);
    if (sets.has(RRType.NS) || sets.has(RRType.DNAME)) return true;
  }
  return false;
}

/** The name as the chain sees it, or undefined when it holds no authoritative data. */
function member(model: ZoneModel, entry: ModelEntry | undefined): Member | undefined {
  if (entry === undefined) return undefined;
  let types: number[] = [];
  for (const type of entry.sets.keys()) if (!NOT_DATA.has(type)) types.push(type);
  if (types.length === 0 || occluded(model, entry.owner)) return undefined;
  const cut = !entry.owner.equals(model.origin) && entry.sets.has(RRType.NS);
  if (cut) types = types.filter((t) => t === RRType.NS || t === RRType.DS);
  types.sort((a, b) => a - b);
  return { owner: entry.owner, types, cut, secureCut: cut && entry.sets.has(RRType.DS) };
}

/** NSEC around `touched` (RFC 4034 §4.1): returns the records written or removed. */
export function updateNsecAround(model: ZoneModel, touched: readonly Name[], ttl: number): ChainRecord[] {
  const keys = model.orderKeys();
  const at = (i: number) => member(model, model.entryAt(keys[(i + keys.length) % keys.length]));
  const next = (i: number): Name => {
    for (let j = 1; j <= keys.length; j++) {
      const m = at(i + j);
      if (m) return m.owner;
    }
    return model.origin;
  };
  const previous = (i: number): number | undefined => {
    for (let j = 1; j <= keys.length; j++) {
      if (at(i - j)) return (i - j + keys.length) % keys.length;
    }
    return undefined;
  };
  const nsecOf = (m: Member, i: number) =>
    encodeRdata({
      type: 'NSEC',
      next: next(i),
      types: [...m.types, RRType.NSEC, RRType.RRSIG].sort((a, b) => a - b),
    });
  const writes = new Map<string, { owner: Name; rdata?: Uint8Array }>();
  for (const name of touched) {
    const key = canonicalOrderKey(name);
    const i = lowerBound(keys, key);
    const exists = keys[i] === key;
    const m = exists ? at(i) : undefined;
    writes.set(name.key, { owner: model.ownerOf(name) ?? name, rdata: m ? nsecOf(m, i) : undefined });
    // The predecessor's next name (the position where the name is, or would be).
    const p = previous(exists ? i : i);
    if (p !== undefined) {
      const pm = at(p)!;
      writes.set(pm.owner.key, { owner: pm.owner, rdata: nsecOf(pm, p) });
    }
  }
  const out: ChainRecord[] = [];
  for (const { owner, rdata } of writes.values()) {
    if (write(model, owner, RRType.NSEC, ttl, rdata))
      out.push({ owner, type: RRType.NSEC, ttl, rdata: rdata ?? new Uint8Array(0) });
  }
  return out;
}

/** NSEC3 around `touched` (RFC 5155 §7.1): returns the records written or removed. */
export function updateNsec3Around(
  model: ZoneModel,
  touched: readonly Name[],
  hasher: Nsec3Hasher,
  optOut: boolean,
  ttl: number,
): ChainRecord[] {
  const keys = model.orderKeys();
  const origin = model.origin;
  const dataMember = (entry: ModelEntry | undefined) => {
    const m = member(model, entry);
    return m && !(optOut && m.cut && !m.secureCut) ? m : undefined;
  };
  /** Some name below `name` is in the chain: `name` is needed as an empty non-terminal. */
  const needed = (name: Name): boolean => {
    for (let i = upperBound(keys, canonicalOrderKey(name)); i < keys.length; i++) {
      const entry = model.entryAt(keys[i])!;
      if (!entry.owner.isSubdomainOf(name)) return false;
      if (dataMember(entry)) return true;
    }
    return false;
  };
  const affected = new Map<string, Name>();
  for (const name of touched) {
    for (let up = name; up.labelCount >= origin.labelCount; up = up.parent()) {
      if (affected.has(up.key)) break;
      affected.set(up.key, up);
      if (up.labelCount === origin.labelCount) break;
    }
  }
  const flags = optOut ? NSEC3_OPT_OUT : 0;
  const { params } = hasher;
  const record = (types: number[], nextHash: Uint8Array) =>
    encodeRdata({
      type: 'NSEC3',
      hashAlgorithm: params.hashAlgorithm,
      flags,
      iterations: params.iterations,
      salt: params.salt,
      nextHashedOwner: nextHash,
      types,
    });
  const placeholder = new Uint8Array(20);
  const index = model.nsec3Owners;
  const out: ChainRecord[] = [];
  const members: { hashKey: string; owner: Name; types: number[] }[] = [];
  const changedHashes: string[] = [];
  // Membership first, so every next pointer is computed against the final chain.
  for (const name of affected.values()) {
    const hash = hasher.hash(name);
    const hashKey = Buffer.from(hash).toString('latin1');
    const owner = origin.prepend(base32hex(hash));
    const entry = model.entry(name);
    const m = dataMember(entry);
    let types: number[] | undefined;
    if (m) types = !m.cut || m.secureCut ? [...m.types, RRType.RRSIG].sort((a, b) => a - b) : m.types;
    else if (!occluded(model, name) && needed(name)) types = [];
    const present = index.has(hashKey);
    if (types === undefined) {
      if (present && write(model, owner, RRType.NSEC3, ttl, undefined)) {
        out.push({ owner, type: RRType.NSEC3, ttl, rdata: new Uint8Array(0) });
        changedHashes.push(hashKey);
      }
      continue;
    }
    if (!present) {
      model.set(owner, RRType.NSEC3, ttl, [record(types, placeholder)]);
      changedHashes.push(hashKey);
    }
    members.push({ hashKey, owner, types });
  }
  const hashOf = (key: string) => new Uint8Array(Buffer.from(key, 'latin1'));
  const written = new Set<string>();
  for (const { hashKey, owner, types } of members) {
    const rdata = record(types, hashOf(index.after(hashKey)!));
    written.add(hashKey);
    if (write(model, owner, RRType.NSEC3, ttl, rdata)) out.push({ owner, type: RRType.NSEC3, ttl, rdata });
  }
  // Predecessors of names that joined or left: only their next pointer changes.
  for (const hashKey of changedHashes) {
    const before = index.before(hashKey);
    if (before === undefined || written.has(before)) continue;
    const owner = index.get(before)!;
    const current = model.get(owner, RRType.NSEC3)?.rdatas[0];
    if (!current) continue;
    const fields = decodeRdata(RRType.NSEC3, current) as NSEC3Rdata;
    const rdata = record(fields.types, hashOf(index.after(before)!));
    written.add(before);
    if (write(model, owner, RRType.NSEC3, ttl, rdata)) out.push({ owner, type: RRType.NSEC3, ttl, rdata });
  }
  return out;
}

/** Replaces (or with no RDATA removes) a one-record chain RRset; false when nothing changes. */
function write(
  model: ZoneModel,
  owner: Name,
  type: number,
  ttl: number,
  rdata: Uint8Array | undefined,
): boolean {
  const current = model.get(owner, type);
  if (rdata === undefined) {
    if (!current) return false;
    model.set(owner, type, 0, []);
    return true;
  }
  if (
    current &&
    current.ttl === ttl &&
    current.rdatas.length === 1 &&
    Buffer.compare(Buffer.from(current.rdatas[0]), Buffer.from(rdata)) === 0
  ) {
    return false;
  }
  model.set(owner, type, ttl, [rdata]);
  return true;
}
