import { canonicalRdata, type Name, RRType } from '@shoal/dns-wire';
import { canonicalOrderKey } from './canonical-key.js';
import { base32hexDecode } from './nsec3-hash.js';
import { OrderedSet } from './ordered-set.js';

/** One RRset as the signer keeps it. */
export interface ModelRRset {
  readonly type: number;
  readonly ttl: number;
  readonly rdatas: readonly Uint8Array[];
}

/** One record, as a ChangeSet carries it. */
export interface ModelRecord {
  owner: Name;
  type: number;
  ttl: number;
  rdata: Uint8Array;
}

export interface ModelEntry {
  owner: Name;
  /** Canonical-order key of the owner (canonical-key.ts). */
  order: string;
  sets: Map<number, ModelRRset>;
}

type Entry = ModelEntry;

/**
 * The signer's in-memory copy of one zone: RRsets by owner, with the owners kept sortable in
 * canonical order for the NSEC chain. Changes apply as the projection applies them (records
 * removed and added by canonical RDATA), and a transaction can be rolled back, so a change can
 * be signed against the zone as it would be without being committed before the stream says so.
 */
export class ZoneModel {
  readonly origin: Name;
  readonly #entries = new Map<string, Entry>();
  /** Owners by canonical order key. */
  readonly #order = new OrderedSet<Entry>();
  /** Owners of NSEC3 RRsets by the raw hash their first label stands for: the chain's order. */
  readonly #nsec3 = new OrderedSet<Name>();
  #undo: Map<string, { owner: Name; type: number; set: ModelRRset | undefined }> | undefined;

  constructor(origin: Name) {
    this.origin = origin;
  }

  get ownerCount(): number {
    return this.#entries.size;
  }

  get(owner: Name, type: number): ModelRRset | undefined {
    return this.#entries.get(owner.key)?.sets.get(type);
  }

  /** Every RRset at `owner`. */
  at(owner: Name): ReadonlyMap<number, ModelRRset> {
    return this.#entries.get(owner.key)?.sets ?? new Map();
  }

  ownerOf(owner: Name): Name | undefined {
    return this.#entries.get(owner.key)?.owner;
  }

  /** Owners in canonical order, each with its RRsets. */
  sortedOwners(): readonly ModelEntry[] {
    return this.#order.keys().map((key) => this.#order.get(key)!);
  }

  /** Canonical order keys of the owners, sorted: for walking from one owner to its neighbours. */
  orderKeys(): readonly string[] {
    return this.#order.keys();
  }

  entryAt(orderKey: string): ModelEntry | undefined {
    return this.#order.get(orderKey);
  }

  entry(owner: Name): ModelEntry | undefined {
    return this.#entries.get(owner.key);
  }

  /** The NSEC3 owners in hash order (keys: raw hashes as latin1 strings). */
  get nsec3Owners(): OrderedSet<Name> {
    return this.#nsec3;
  }

  /** Replaces an RRset; no RDATA deletes it. */
  set(owner: Name, type: number, ttl: number, rdatas: readonly Uint8Array[]): void {
    const key = owner.key;
    let entry = this.#entries.get(key);
    this.#remember(key, owner, type, entry?.sets.get(type));
    if (rdatas.length === 0) {
      if (entry === undefined) return;
      if (entry.sets.delete(type) && type === RRType.NSEC3) this.#indexNsec3(entry.owner, false);
      if (entry.sets.size === 0) {
        this.#entries.delete(key);
        this.#order.delete(entry.order);
      }
      return;
    }
    if (entry === undefined) {
      entry = { owner, order: canonicalOrderKey(owner), sets: new Map() };
      this.#entries.set(key, entry);
      this.#order.set(entry.order, entry);
    }
    if (type === RRType.NSEC3 && !entry.sets.has(type)) this.#indexNsec3(entry.owner, true);
    entry.sets.set(type, { type, ttl, rdatas: [...rdatas] });
  }

  /** Applies records removed then added, matching by canonical RDATA (as the projection does). */
  apply(removed: readonly ModelRecord[], added: readonly ModelRecord[]): void {
    for (const group of groupByRRset(removed)) {
      const current = this.get(group.owner, group.type);
      if (!current) continue;
      const gone = new Set(group.rdatas.map((r) => rdataId(group.type, r)));
      const left = current.rdatas.filter((r) => !gone.has(rdataId(group.type, r)));
      this.set(this.ownerOf(group.owner) ?? group.owner, group.type, current.ttl, left);
    }
    for (const group of groupByRRset(added)) {
      const current = this.get(group.owner, group.type);
      const seen = new Set((current?.rdatas ?? []).map((r) => rdataId(group.type, r)));
      const rdatas = [...(current?.rdatas ?? [])];
      for (const rdata of group.rdatas) {
        const id = rdataId(group.type, rdata);
        if (seen.has(id)) continue;
        seen.add(id);
        rdatas.push(rdata);
      }
      this.set(this.ownerOf(group.owner) ?? group.owner, group.type, group.ttl, rdatas);
    }
  }

  /** Every record, owners in canonical order, types ascending. */
  *records(): Generator<ModelRecord> {
    for (const entry of this.sortedOwners()) {
      for (const type of [...entry.sets.keys()].sort((a, b) => a - b)) {
        const set = entry.sets.get(type)!;
        for (const rdata of set.rdatas) yield { owner: entry.owner, type, ttl: set.ttl, rdata };
      }
    }
  }

  get soaTtl(): number | undefined {
    return this.get(this.origin, RRType.SOA)?.ttl;
  }

  /** Starts recording changes so that `rollback` can undo them. */
  begin(): void {
    this.#undo = new Map();
  }

  /**
   * What changed since `begin`, as records removed and added (matched by canonical RDATA). An
   * RRSIG record carries its Original TTL, the TTL of the RRset it covers (RFC 4034 §3.1.4), and
   * any other record its RRset's TTL.
   */
  diff(): { removed: ModelRecord[]; added: ModelRecord[] } {
    const removed: ModelRecord[] = [];
    const added: ModelRecord[] = [];
    for (const { owner, type, set: before } of this.#undo?.values() ?? []) {
      const after = this.get(owner, type);
      const beforeIds = new Map((before?.rdatas ?? []).map((r) => [rdataId(type, r), r]));
      const afterIds = new Map((after?.rdatas ?? []).map((r) => [rdataId(type, r), r]));
      const ttlChanged =
        before !== undefined && after !== undefined && before.ttl !== after.ttl && type !== RRType.RRSIG;
      for (const [id, rdata] of beforeIds) {
        if (ttlChanged || !afterIds.has(id)) removed.push(record(owner, type, before!.ttl, rdata));
      }
      for (const [id, rdata] of afterIds) {
        if (ttlChanged || !beforeIds.has(id))
          added.push(record(this.ownerOf(owner) ?? owner, type, after!.ttl, rdata));
      }
    }
    return { removed, added };
  }

  /** Stops recording; the changes stay. */
  commit(): void {
    this.#undo = undefined;
  }

  /** Undoes every change since `begin`. */
  rollback(): void {
    const undo = this.#undo;
    this.#undo = undefined;
    if (!undo) return;
    for (const { owner, type, set } of undo.values()) this.set(owner, type, set?.ttl ?? 0, set?.rdatas ?? []);
  }

  #indexNsec3(owner: Name, present: boolean): void {
    const hash = nsec3HashOfOwner(owner, this.origin);
    if (hash === undefined) return;
    if (present) this.#nsec3.set(hash, owner);
    else this.#nsec3.delete(hash);
  }

  #remember(key: string, owner: Name, type: number, set: ModelRRset | undefined): void {
    const undo = this.#undo;
    if (undo === undefined) return;
    const id = `${key}/${type}`;
    if (!undo.has(id)) undo.set(id, { owner, type, set });
  }
}

/** The raw hash (latin1 string) an NSEC3 owner directly below `origin` stands for. */
export function nsec3HashOfOwner(owner: Name, origin: Name): string | undefined {
  if (owner.labelCount !== origin.labelCount + 1) return undefined;
  const hash = base32hexDecode(Buffer.from(owner.labels[0]).toString('latin1'));
  return hash === undefined || hash.length === 0 ? undefined : Buffer.from(hash).toString('latin1');
}

function record(owner: Name, type: number, ttl: number, rdata: Uint8Array): ModelRecord {
  if (type === RRType.RRSIG && rdata.length >= 8) {
    ttl = ((rdata[4] << 24) | (rdata[5] << 16) | (rdata[6] << 8) | rdata[7]) >>> 0;
  }
  return { owner, type, ttl, rdata };
}

export function rdataId(type: number, rdata: Uint8Array): string {
  return Buffer.from(canonicalRdata(type, rdata)).toString('latin1');
}

export interface RecordGroup {
  owner: Name;
  type: number;
  ttl: number;
  rdatas: Uint8Array[];
}

/** Records grouped into RRsets, in first-seen order; the last TTL given wins, as in the projection. */
export function groupByRRset(records: readonly ModelRecord[]): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const r of records) {
    const id = `${r.owner.key}/${r.type}`;
    const group = groups.get(id);
    if (group) {
      group.rdatas.push(r.rdata);
      group.ttl = r.ttl;
    } else groups.set(id, { owner: r.owner, type: r.type, ttl: r.ttl, rdatas: [r.rdata] });
  }
  return [...groups.values()];
}
