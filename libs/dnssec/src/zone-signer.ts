import { type Name, RRType } from '@shoal/dns-wire';
import {
  type ChainRecord,
  type Denial,
  denialTtl,
  Nsec3Hasher,
  nsec3Chain,
  nsec3paramRdata,
  nsecChain,
  sameParams,
} from './chain.js';
import { updateNsec3Around, updateNsecAround } from './chain-incremental.js';
import { CDNSKEY_DELETE, CDS_DELETE, cdnskeyRdata, cdsRdata } from './ds.js';
import { SigningError } from './errors.js';
import type { SignaturePolicy } from './policy.js';
import { rrsigTimes, signRRset, typeCovered } from './rrsig.js';
import type { SigningKey } from './signing-key.js';
import type { ModelRecord, ZoneModel } from './zone-model.js';

/** The keys of a zone as they stand at one moment (see rollover.ts for how that is decided). */
export interface ZoneKeySet {
  /** DNSKEY RDATAs to publish at the apex. */
  dnskeys: readonly Uint8Array[];
  /** Keys that sign every authoritative RRset but the apex key RRsets. */
  zoneSigners: readonly SigningKey[];
  /** Keys that sign the DNSKEY, CDS and CDNSKEY RRsets. */
  keySigners: readonly SigningKey[];
  /**
   * DNSKEYs the parent should hold DS records for, published as CDS and CDNSKEY (RFC 7344 §4);
   * 'delete' asks the parent to remove them all (RFC 8078 §4); empty publishes neither.
   */
  parentKeys: readonly Uint8Array[] | 'delete';
}

export interface SignInput {
  keys: ZoneKeySet;
  denial: Denial;
  policy: SignaturePolicy;
  /** Seconds since 1970. */
  now: number;
  /** In [0, 1); Math.random by default. Jitters expirations. */
  random?: () => number;
  /** The data change to sign (a ChangeSet's records); the chain and the signatures follow it. */
  change?: { removed: readonly ModelRecord[]; added: readonly ModelRecord[] };
  /** Examine every RRset (maintenance, key changes) rather than only what the change touches. */
  full?: boolean;
  /** NSEC3 hashes cached across calls; must match the denial's parameters. */
  hasher?: Nsec3Hasher;
  /**
   * Most signatures to make for RRsets the change did not touch (refreshes, a new key): the
   * rest keep their current, still valid, signatures until the next call. Changed RRsets are
   * always signed. Keeps maintenance ChangeSets small.
   */
  maxSignatures?: number;
}

export interface SignResult {
  /** The change's own records first, then the chain's and the signatures' (RFC 1995 order kept). */
  removed: ModelRecord[];
  added: ModelRecord[];
  /** Signatures made. */
  signatures: number;
}

/** RRsets the key-signing keys sign (RFC 6781 §3.1; RFC 7344 §4.1 for CDS and CDNSKEY). */
const KEY_RRSETS = new Set<number>([RRType.DNSKEY, RRType.CDS, RRType.CDNSKEY]);
/** Every type the signer manages; the rest is the operator's data. */
export const DNSSEC_TYPES = new Set<number>([
  RRType.RRSIG,
  RRType.NSEC,
  RRType.NSEC3,
  RRType.NSEC3PARAM,
  RRType.DNSKEY,
  RRType.CDS,
  RRType.CDNSKEY,
]);

/**
 * Signs a change to a zone, or refreshes a whole zone: applies `change` to `model`, brings the
 * apex key RRsets, NSEC3PARAM and the NSEC or NSEC3 chain in line, and makes the signatures
 * that are missing, stale (by a key no longer signing, or within `policy.refresh` of expiring)
 * or over RRsets that changed. Everything else keeps its signatures: one changed record
 * re-signs its RRset, the chain records around it and the SOA, nothing more.
 *
 * The model is left as it was: what is returned is to be appended to the stream, and the model
 * follows the stream.
 */
export function signZoneChange(model: ZoneModel, input: SignInput): SignResult {
  if (input.keys.zoneSigners.length === 0 || input.keys.keySigners.length === 0) {
    throw new SigningError(`zone ${model.origin}: no active signing key`);
  }
  if (!model.get(model.origin, RRType.SOA) && !input.change?.added.some((r) => r.type === RRType.SOA)) {
    throw new SigningError(`zone ${model.origin} has no SOA`);
  }
  model.begin();
  try {
    const changed = new Set<string>();
    const owners = new Map<string, Name>();
    const touch = (owner: Name, type: number) => {
      changed.add(`${owner.key}/${type}`);
      owners.set(owner.key, owner);
    };
    let full = input.full ?? false;
    if (input.change) {
      model.apply(input.change.removed, input.change.added);
      for (const r of [...input.change.removed, ...input.change.added]) {
        touch(r.owner, r.type);
        // A cut or a DNAME appearing or going changes which names are authoritative.
        if ((r.type === RRType.NS && !r.owner.equals(model.origin)) || r.type === RRType.DNAME) full = true;
      }
    }
    // The whole chain is recomputed when its kind, parameters or TTL change, or names may have
    // become (non-)authoritative; otherwise it is updated around the names the change touched.
    const chainFull = full || chainKindChanges(model, input) || chainTtlChanges(model);
    const dataOwners = [...owners.values()];
    for (const [type, rdatas, ttl] of apexRRsets(model, input)) {
      if (replaceIfDifferent(model, model.origin, type, ttl, rdatas)) touch(model.origin, type);
    }
    for (const record of updateChain(model, input, chainFull ? undefined : [model.origin, ...dataOwners])) {
      touch(record.owner, record.type);
    }
    const signer = new Signer(model, input, changed);
    if (full) {
      let fence: Name | undefined;
      for (const { owner, sets } of [...model.sortedOwners()]) {
        const occluded = fence !== undefined && owner.isSubdomainOf(fence);
        if (!occluded) fence = undefined;
        const apex = owner.equals(model.origin);
        const cut = !occluded && !apex && sets.has(RRType.NS);
        if (!occluded && (cut || sets.has(RRType.DNAME))) fence = owner;
        signer.signOwner(owner, occluded ? 'none' : cut ? 'cut' : 'all');
      }
    } else {
      owners.set(model.origin.key, model.origin);
      for (const owner of owners.values()) signer.signOwner(owner, authorityOf(model, owner));
    }
    const diff = model.diff();
    return { ...mergeWithChange(input.change, diff), signatures: signer.count };
  } finally {
    model.rollback();
  }
}

/** Removes every DNSSEC record of the zone: the last step of going insecure (see the README). */
export function unsignZone(model: ZoneModel): { removed: ModelRecord[]; added: ModelRecord[] } {
  const removed: ModelRecord[] = [];
  for (const record of model.records()) {
    if (DNSSEC_TYPES.has(record.type)) removed.push(record);
  }
  return { removed, added: [] };
}

/** Does the zone carry DNSSEC records at all (a DNSKEY at the apex)? */
export function isSigned(model: ZoneModel): boolean {
  return model.get(model.origin, RRType.DNSKEY) !== undefined;
}

/**
 * Whether a maintenance pass has work: the zone is not signed yet, an apex key RRset or the
 * NSEC3PARAM is not what the keys and settings want, or some signature is due for refresh or
 * was made by a key that no longer signs. Cheap: no signing, one pass over the RRSIGs.
 */
export function maintenanceDue(
  model: ZoneModel,
  input: Pick<SignInput, 'keys' | 'denial' | 'policy' | 'now'>,
): boolean {
  if (!isSigned(model)) return true;
  for (const [type, rdatas, ttl] of apexRRsets(model, input as SignInput)) {
    const current = model.get(model.origin, type);
    if (!sameRdatas(current?.rdatas ?? [], rdatas) || (rdatas.length > 0 && current?.ttl !== ttl))
      return true;
  }
  const hasNsec = model.get(model.origin, RRType.NSEC) !== undefined;
  if (hasNsec !== (input.denial.kind === 'nsec')) return true;
  const zoneTags = new Set(input.keys.zoneSigners.map((k) => `${k.algorithm}/${k.keyTag}`));
  const keyTags = new Set(input.keys.keySigners.map((k) => `${k.algorithm}/${k.keyTag}`));
  // Every key of a role signs as many RRsets as the others (a new key has caught up).
  const counts = new Map<string, number>();
  for (const { owner, sets } of model.sortedOwners()) {
    const sigs = sets.get(RRType.RRSIG)?.rdatas ?? [];
    const covered = new Set<string>();
    for (const sig of sigs) {
      const times = rrsigTimes(sig);
      if (((times.expiration - input.now) | 0) <= input.policy.refresh) return true;
      const tags = KEY_RRSETS.has(typeCovered(sig)) ? keyTags : zoneTags;
      const tag = `${times.algorithm}/${times.keyTag}`;
      if (!tags.has(tag)) return true;
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      covered.add(`${typeCovered(sig)} ${tag}`);
    }
    // An RRset still without a signature by every key of its role: a signing cut short by the
    // signature budget (maxSignatures) continues until the zone is whole.
    const authority = authorityOf(model, owner);
    if (authority === 'none') continue;
    for (const type of sets.keys()) {
      if (type === RRType.RRSIG) continue;
      if (authority === 'cut' && type !== RRType.DS && type !== RRType.NSEC) continue;
      for (const tag of KEY_RRSETS.has(type) ? keyTags : zoneTags)
        if (!covered.has(`${type} ${tag}`)) return true;
    }
  }
  for (const tags of [zoneTags, keyTags]) {
    const seen = new Set([...tags].map((tag) => counts.get(tag) ?? 0));
    if (seen.size > 1) return true;
  }
  return false;
}

/** The apex RRsets the keys and the denial settings decide: [type, rdatas, ttl]. */
function apexRRsets(model: ZoneModel, input: SignInput): [number, Uint8Array[], number][] {
  const ttl = input.policy.dnskeyTtl;
  const { parentKeys } = input.keys;
  const cds = parentKeys === 'delete' ? [CDS_DELETE] : parentKeys.map((key) => cdsRdata(model.origin, key));
  const cdnskey = parentKeys === 'delete' ? [CDNSKEY_DELETE] : parentKeys.map((key) => cdnskeyRdata(key));
  const nsec3param = input.denial.kind === 'nsec3' ? [nsec3paramRdata(input.denial.params)] : [];
  // NSEC3PARAM carries the negative TTL like the chain (RFC 5155 §4 leaves it open; BIND does 0).
  const paramTtl = model.get(model.origin, RRType.SOA)?.ttl ?? ttl;
  return [
    [RRType.DNSKEY, [...input.keys.dnskeys], ttl],
    [RRType.CDS, cds, ttl],
    [RRType.CDNSKEY, cdnskey, ttl],
    [RRType.NSEC3PARAM, nsec3param, paramTtl],
  ];
}

function replaceIfDifferent(
  model: ZoneModel,
  owner: Name,
  type: number,
  ttl: number,
  rdatas: readonly Uint8Array[],
): boolean {
  const current = model.get(owner, type);
  if (sameRdatas(current?.rdatas ?? [], rdatas) && (rdatas.length === 0 || current?.ttl === ttl))
    return false;
  model.set(owner, type, ttl, rdatas);
  return true;
}

function sameRdatas(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  const key = (r: Uint8Array) => Buffer.from(r).toString('latin1');
  const set = new Set(a.map(key));
  return b.every((r) => set.has(key(r)));
}

/** The chain in the model is of another kind, or has other NSEC3 parameters, than asked. */
function chainKindChanges(model: ZoneModel, input: SignInput): boolean {
  const apex = model.at(model.origin);
  if (!apex.has(RRType.DNSKEY)) return true;
  if (input.denial.kind === 'nsec') return !apex.has(RRType.NSEC) || apex.has(RRType.NSEC3PARAM);
  const param = apex.get(RRType.NSEC3PARAM)?.rdatas[0];
  if (apex.has(RRType.NSEC) || param === undefined) return true;
  if (Buffer.compare(Buffer.from(param), Buffer.from(nsec3paramRdata(input.denial.params))) !== 0)
    return true;
  // Opt-out is a flag of every record: look at one.
  const first = model.nsec3Owners.keys()[0];
  const record =
    first === undefined ? undefined : model.get(model.nsec3Owners.get(first)!, RRType.NSEC3)?.rdatas[0];
  return record === undefined || ((record[1] & 1) === 1) !== input.denial.optOut;
}

/** The SOA's TTL or MINIMUM changed, and with it the TTL every chain record must have (RFC 9077). */
function chainTtlChanges(model: ZoneModel): boolean {
  const ttl = denialTtl(model);
  const nsec = model.get(model.origin, RRType.NSEC);
  if (nsec) return nsec.ttl !== ttl;
  const first = model.nsec3Owners.keys()[0];
  const nsec3 = first === undefined ? undefined : model.get(model.nsec3Owners.get(first)!, RRType.NSEC3);
  return nsec3 !== undefined && nsec3.ttl !== ttl;
}

/**
 * Brings the chain records in the model to the desired chain; returns the records that changed.
 * With `around`, only around those names (chain-incremental.ts); else the whole chain.
 */
function updateChain(model: ZoneModel, input: SignInput, around?: readonly Name[]): ChainRecord[] {
  const denial = input.denial;
  const hasher =
    denial.kind === 'nsec3'
      ? input.hasher && sameParams(input.hasher.params, denial.params)
        ? input.hasher
        : new Nsec3Hasher(denial.params)
      : undefined;
  if (around !== undefined) {
    const ttl = denialTtl(model);
    return denial.kind === 'nsec'
      ? updateNsecAround(model, around, ttl)
      : updateNsec3Around(model, around, hasher!, denial.optOut, ttl);
  }
  const desired = denial.kind === 'nsec' ? nsecChain(model) : nsec3Chain(model, hasher!, denial.optOut);
  const wanted = new Map<string, ChainRecord>();
  for (const record of desired) wanted.set(`${record.owner.key}/${record.type}`, record);
  const touched: ChainRecord[] = [];
  // Records of the other kind, or at names that left the chain, go.
  for (const { owner, sets } of [...model.sortedOwners()]) {
    for (const type of [RRType.NSEC, RRType.NSEC3]) {
      const current = sets.get(type);
      if (!current || wanted.has(`${owner.key}/${type}`)) continue;
      model.set(owner, type, 0, []);
      touched.push({ owner, type, ttl: 0, rdata: new Uint8Array(0) });
    }
  }
  for (const record of desired) {
    if (replaceIfDifferent(model, record.owner, record.type, record.ttl, [record.rdata]))
      touched.push(record);
  }
  return touched;
}

type Authority = 'all' | 'cut' | 'none';

/** Whether `owner`'s RRsets are signed: all of them, only DS and NSEC at a cut, or none when occluded. */
function authorityOf(model: ZoneModel, owner: Name): Authority {
  if (owner.equals(model.origin)) return 'all';
  if (!owner.isSubdomainOf(model.origin)) return 'none';
  for (let up = owner.parent(); up.labelCount > model.origin.labelCount; up = up.parent()) {
    const sets = model.at(up);
    if (sets.has(RRType.NS) || sets.has(RRType.DNAME)) return 'none';
  }
  return model.at(owner).has(RRType.NS) ? 'cut' : 'all';
}

/** Makes and keeps the RRSIGs of one owner at a time. */
class Signer {
  count = 0;
  readonly #random: () => number;
  #budget: number;

  constructor(
    private readonly model: ZoneModel,
    private readonly input: SignInput,
    private readonly changed: ReadonlySet<string>,
  ) {
    this.#random = input.random ?? Math.random;
    this.#budget = input.maxSignatures ?? Number.POSITIVE_INFINITY;
  }

  signOwner(owner: Name, authority: Authority): void {
    const model = this.model;
    const sets = model.at(owner);
    const existing = sets.get(RRType.RRSIG)?.rdatas ?? [];
    const byType = new Map<number, Uint8Array[]>();
    for (const sig of existing) {
      const covered = typeCovered(sig);
      byType.set(covered, [...(byType.get(covered) ?? []), sig]);
    }
    const result: Uint8Array[] = [];
    let changed = false;
    for (const [type, set] of sets) {
      if (type === RRType.RRSIG) continue;
      const signed =
        authority === 'all' || (authority === 'cut' && (type === RRType.DS || type === RRType.NSEC));
      const old = byType.get(type) ?? [];
      byType.delete(type);
      if (!signed) {
        if (old.length > 0) changed = true;
        continue;
      }
      const keys = KEY_RRSETS.has(type) ? this.input.keys.keySigners : this.input.keys.zoneSigners;
      const fresh = this.changed.has(`${owner.key}/${type}`);
      const overBudget = !fresh && this.#budget <= 0;
      for (const key of keys) {
        const keep = fresh ? undefined : old.find((sig) => this.#reusable(sig, key, set.ttl));
        if (keep) result.push(keep);
        else if (!overBudget) {
          result.push(this.#sign(owner, type, set.ttl, set.rdatas, key));
          if (!fresh) this.#budget--;
          changed = true;
        }
      }
      // Out of budget: the old signatures stay until a later call replaces them.
      if (overBudget) for (const sig of old) if (!result.includes(sig)) result.push(sig);
      if (old.some((sig) => !result.includes(sig))) changed = true;
    }
    // Signatures over types no longer here.
    if (byType.size > 0) changed = true;
    if (changed) model.set(model.ownerOf(owner) ?? owner, RRType.RRSIG, minTtl(sets), result);
  }

  #reusable(sig: Uint8Array, key: SigningKey, ttl: number): boolean {
    const times = rrsigTimes(sig);
    if (times.keyTag !== key.keyTag || times.algorithm !== key.algorithm) return false;
    const originalTtl = ((sig[4] << 24) | (sig[5] << 16) | (sig[6] << 8) | sig[7]) >>> 0;
    if (originalTtl !== ttl) return false;
    const left = (times.expiration - this.input.now) | 0;
    return left > this.input.policy.refresh;
  }

  #sign(owner: Name, type: number, ttl: number, rdatas: readonly Uint8Array[], key: SigningKey): Uint8Array {
    const { policy, now } = this.input;
    const expiration = now + policy.validity + Math.floor(this.#random() * policy.jitter);
    this.count++;
    return signRRset({ owner, type, ttl, rdatas }, key, this.model.origin, {
      inception: now - policy.inceptionOffset,
      expiration,
    });
  }
}

function minTtl(sets: ReadonlyMap<number, { ttl: number }>): number {
  let ttl = Number.POSITIVE_INFINITY;
  for (const [type, set] of sets) if (type !== RRType.RRSIG) ttl = Math.min(ttl, set.ttl);
  return Number.isFinite(ttl) ? ttl : 0;
}

/** The change's records as given, then the rest of the diff (what the change did not itself say). */
function mergeWithChange(
  change: SignInput['change'],
  diff: { removed: ModelRecord[]; added: ModelRecord[] },
): { removed: ModelRecord[]; added: ModelRecord[] } {
  if (!change) return diff;
  const id = (r: ModelRecord) => `${r.owner.key}/${r.type}/${Buffer.from(r.rdata).toString('latin1')}`;
  const saidRemoved = new Set(change.removed.map(id));
  const saidAdded = new Set(change.added.map(id));
  return {
    removed: [...change.removed, ...diff.removed.filter((r) => !saidRemoved.has(id(r)))],
    added: [...change.added, ...diff.added.filter((r) => !saidAdded.has(id(r)))],
  };
}
