import type { Name } from '@shoal/dns-wire';
import type { RRset } from './rrset.js';

const NO_RRSETS: readonly RRset[] = Object.freeze([]);

/**
 * One owner name of a zone and its RRsets. Nodes exist for every owner and for
 * every name between an owner and the apex, so an empty non-terminal is a node
 * without RRsets (RFC 8020: the name exists, the answer is NODATA).
 */
export class ZoneNode {
  /** The name in the case it was first given to the zone. */
  readonly name: Name;
  /** Number of child nodes; a node without RRsets and children is removed. */
  children = 0;
  #rrsets: readonly RRset[] = NO_RRSETS;

  constructor(name: Name) {
    this.name = name;
  }

  /** RRsets in insertion order; usually one to three, so a scan beats a map. */
  get rrsets(): readonly RRset[] {
    return this.#rrsets;
  }

  /** True for an empty non-terminal (or a node about to be pruned). */
  get isEmpty(): boolean {
    return this.#rrsets.length === 0;
  }

  get(type: number): RRset | undefined {
    const rrsets = this.#rrsets;
    for (let i = 0; i < rrsets.length; i++) if (rrsets[i].type === type) return rrsets[i];
    return undefined;
  }

  /** Stores `rrset`, replacing one of the same type. Called by Zone only. */
  put(rrset: RRset): void {
    const rrsets = this.#rrsets.filter((existing) => existing.type !== rrset.type);
    rrsets.push(rrset);
    this.#rrsets = rrsets;
  }

  /** Removes the RRset of `type`; returns it. Called by Zone only. */
  drop(type: number): RRset | undefined {
    const found = this.get(type);
    if (found) {
      const rest = this.#rrsets.filter((existing) => existing !== found);
      this.#rrsets = rest.length === 0 ? NO_RRSETS : rest;
    }
    return found;
  }
}
