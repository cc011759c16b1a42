import { canonicalRdata, Name, type ResourceRecord, RRClass, RRType } from '@shoal/dns-wire';
import { DenialIndex } from './dnssec/denial-index.js';
import { OutOfZoneError } from './errors.js';
import { nameKey, ownerOf, parentOf } from './name-key.js';
import { RRset } from './rrset.js';
import { ZoneNode } from './zone-node.js';

type Listener = () => void;

let listen: (zone: Zone, listener: Listener) => () => void;

/**
 * Calls `listener` after every mutation of `zone`; returns the unsubscriber.
 * For the catalog's generation counter; not part of the public API.
 */
export function onZoneChange(zone: Zone, listener: Listener): () => void {
  return listen(zone, listener);
}

/**
 * The in-memory view of one zone that the projection fills and queries read.
 *
 * Nodes live in a Map keyed by the lowercased wire form (name-key.ts); every
 * name between an owner and the apex has a node, so the closest encloser and
 * empty non-terminals are plain lookups. Mutations are synchronous: a query, running between two of them,
 * never sees half a change.
 */
export class Zone {
  static {
    listen = (zone, listener) => {
      zone.#listeners.add(listener);
      return () => zone.#listeners.delete(listener);
    };
  }

  readonly origin: Name;
  readonly rrClass: number;
  /** Labels in the origin, kept for the lookup's descent. */
  readonly originLabels: number;
  /** Set by the projection (the event sequence its contents reflect); not interpreted here. */
  version = 0;
  readonly #nodes = new Map<string, ZoneNode>();
  readonly #listeners = new Set<Listener>();
  readonly #denial: DenialIndex;
  #apex: ZoneNode;
  #recordCount = 0;
  #rrsetCount = 0;
  #revision = 0;

  constructor(origin: Name, rrClass: number = RRClass.IN) {
    this.origin = origin;
    this.rrClass = rrClass;
    this.originLabels = origin.labelCount;
    this.#denial = new DenialIndex(nameKey(origin));
    this.#apex = this.#newApex();
  }

  /** Bumped by every mutation; answers cached with an older revision are stale. */
  get revision(): number {
    return this.#revision;
  }

  get recordCount(): number {
    return this.#recordCount;
  }

  get rrsetCount(): number {
    return this.#rrsetCount;
  }

  /** Number of nodes, empty non-terminals included. */
  get nodeCount(): number {
    return this.#nodes.size;
  }

  get apex(): ZoneNode {
    return this.#apex;
  }

  /** The apex SOA RRset, if the zone has one yet. */
  get soa(): RRset | undefined {
    return this.#apex.get(RRType.SOA);
  }

  /** The NSEC and NSEC3 owners in chain order, for DNSSEC denial of existence. */
  get denial(): DenialIndex {
    return this.#denial;
  }

  getNode(name: Name): ZoneNode | undefined {
    return this.#nodes.get(nameKey(name));
  }

  /** The node whose key (see name-key.ts) is `key`: the lookup computes keys once per query name. */
  getNodeByKey(key: string): ZoneNode | undefined {
    return this.#nodes.get(key);
  }

  getRRset(name: Name, type: number): RRset | undefined {
    return this.#nodes.get(nameKey(name))?.get(type);
  }

  /** Adds one record; returns false when an equal record (canonical RDATA) is already there. */
  addRecord(rr: ResourceRecord): boolean {
    this.#check(rr.name, rr.class);
    const key = nameKey(rr.name);
    const node = this.#ensureKey(key, ownerOf(rr.name));
    const existing = node.get(rr.type);
    if (existing === undefined) {
      node.put(RRset.of(rr.type, rr.ttl, [rr.rdata]));
      this.#rrsetCount++;
      this.#denial.added(key, rr.type);
    } else {
      if (existing.indexOf(rr.rdata) >= 0) return false;
      node.put(existing.with(rr.rdata, rr.ttl));
    }
    this.#recordCount++;
    this.#changed();
    return true;
  }

  /** Removes the record with the same owner, type and canonical RDATA; the TTL is ignored. */
  removeRecord(rr: ResourceRecord): boolean {
    if (rr.class !== this.rrClass) return false;
    const key = nameKey(rr.name);
    const node = this.#nodes.get(key);
    const existing = node?.get(rr.type);
    if (node === undefined || existing === undefined) return false;
    const index = existing.indexOf(rr.rdata);
    if (index < 0) return false;
    if (existing.count === 1) {
      node.drop(rr.type);
      this.#rrsetCount--;
      this.#denial.removed(key, rr.type);
      this.#prune(node, key);
    } else {
      node.put(existing.without(index));
    }
    this.#recordCount--;
    this.#changed();
    return true;
  }

  /** Replaces the whole RRset; an empty `rdatas` deletes it. Duplicates are dropped. */
  replaceRRset(name: Name, type: number, ttl: number, rdatas: readonly Uint8Array[]): void {
    if (rdatas.length === 0) {
      this.deleteRRset(name, type);
      return;
    }
    this.#check(name, this.rrClass);
    let rrset = RRset.of(type, ttl, [rdatas[0]]);
    for (let i = 1; i < rdatas.length; i++) {
      if (rrset.indexOf(rdatas[i]) < 0) rrset = rrset.with(rdatas[i], ttl);
    }
    const key = nameKey(name);
    const node = this.#ensureKey(key, ownerOf(name));
    const previous = node.get(type);
    if (previous === undefined) {
      this.#rrsetCount++;
      this.#denial.added(key, type);
    }
    this.#recordCount += rrset.count - (previous?.count ?? 0);
    node.put(rrset);
    this.#changed();
  }

  /** Deletes the RRset; returns false when there was none. */
  deleteRRset(name: Name, type: number): boolean {
    const key = nameKey(name);
    const node = this.#nodes.get(key);
    const dropped = node?.drop(type);
    if (node === undefined || dropped === undefined) return false;
    this.#rrsetCount--;
    this.#recordCount -= dropped.count;
    this.#denial.removed(key, type);
    this.#prune(node, key);
    this.#changed();
    return true;
  }

  /** Removes every record, the apex's included. */
  clear(): void {
    this.#nodes.clear();
    this.#denial.clear();
    this.#apex = this.#newApex();
    this.#recordCount = 0;
    this.#rrsetCount = 0;
    this.#changed();
  }

  /** Every node, in no particular order. */
  nodes(): IterableIterator<ZoneNode> {
    return this.#nodes.values();
  }

  /**
   * Every record in DNSSEC canonical order (RFC 4034 §6): owners by canonical
   * name order, then by type, then by canonical RDATA. For zone transfers.
   */
  *records(): Generator<ResourceRecord> {
    const nodes = [...this.#nodes.values()]
      .filter((node) => !node.isEmpty)
      .map((node) => ({ name: node.name, rrsets: node.rrsets }));
    nodes.sort((a, b) => Name.compareCanonical(a.name, b.name));
    for (const node of nodes) {
      const rrsets = [...node.rrsets].sort((a, b) => a.type - b.type);
      for (const rrset of rrsets) {
        const sorted = rrset
          .rdatas()
          .map((rdata) => ({ rdata, canonical: canonicalRdata(rrset.type, rdata) }))
          .sort((a, b) => compareBytes(a.canonical, b.canonical));
        for (const { rdata } of sorted) {
          // An RRSIG goes out with the TTL of the RRset it covers (RFC 4034 §3): the zone keeps
          // all of a name's RRSIGs in one RRset, with one TTL.
          const ttl = rrset.type === RRType.RRSIG ? coveredTtl(node.rrsets, rdata, rrset.ttl) : rrset.ttl;
          yield { name: node.name, type: rrset.type, class: this.rrClass, ttl, rdata };
        }
      }
    }
  }

  #check(name: Name, rrClass: number): void {
    if (rrClass !== this.rrClass) {
      throw new OutOfZoneError(`class ${rrClass} record given to a class ${this.rrClass} zone`);
    }
    if (!name.isSubdomainOf(this.origin)) {
      throw new OutOfZoneError(`${name} is not in zone ${this.origin}`);
    }
  }

  #newApex(): ZoneNode {
    const key = nameKey(this.origin);
    const apex = new ZoneNode(ownerOf(this.origin));
    this.#nodes.set(key, apex);
    return apex;
  }

  /** The node for `key`, creating it and any missing ancestors (empty non-terminals). */
  #ensureKey(key: string, owner: string): ZoneNode {
    const found = this.#nodes.get(key);
    if (found !== undefined) return found;
    // An all-lowercase owner shares the key's string.
    const node = new ZoneNode(owner === key ? key : owner);
    this.#nodes.set(key, node);
    this.#ensureKey(parentOf(key), parentOf(owner)).children++;
    return node;
  }

  /** Removes `node` and then its ancestors while they hold neither data nor children. */
  #prune(node: ZoneNode, key: string): void {
    while (node !== this.#apex && node.isEmpty && node.children === 0) {
      this.#nodes.delete(key);
      key = parentOf(key);
      const parent = this.#nodes.get(key)!;
      parent.children--;
      node = parent;
    }
  }

  #changed(): void {
    this.#revision++;
    for (const listener of this.#listeners) listener();
  }
}

function coveredTtl(rrsets: readonly RRset[], rrsig: Uint8Array, fallback: number): number {
  const covered = (rrsig[0] << 8) | rrsig[1];
  for (const rrset of rrsets) if (rrset.type === covered) return rrset.ttl;
  return fallback;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
