import type { Name } from '@shoal/dns-wire';
import { nameOf } from './name-key.js';
import { RRset } from './rrset.js';

const NO_RRSETS: readonly RRset[] = Object.freeze([]);

/** None, one, or several RRsets: most nodes hold one, and an array per node would double their size. */
type Held = undefined | RRset | readonly RRset[];

/**
 * One owner name of a zone and its RRsets. Nodes exist for every owner and for
 * every name between an owner and the apex, so an empty non-terminal is a node
 * without RRsets (RFC 8020: the name exists, the answer is NODATA).
 */
export class ZoneNode {
  /** The owner's wire form in the case it was first given (see name-key.ts). */
  readonly owner: string;
  /** Number of child nodes; a node without RRsets and children is removed. */
  children = 0;
  #held: Held;

  constructor(owner: string) {
    this.owner = owner;
  }

  /** The owner name, in the case it was first given; built on each call, so keep it if reused. */
  get name(): Name {
    return nameOf(this.owner);
  }

  /** RRsets in insertion order; usually one to three, so a scan beats a map. */
  get rrsets(): readonly RRset[] {
    const held = this.#held;
    if (held === undefined) return NO_RRSETS;
    return held instanceof RRset ? [held] : held;
  }

  /** True for an empty non-terminal (or a node about to be pruned). */
  get isEmpty(): boolean {
    return this.#held === undefined;
  }

  get(type: number): RRset | undefined {
    const held = this.#held;
    if (held === undefined || held instanceof RRset) return held?.type === type ? held : undefined;
    for (let i = 0; i < held.length; i++) if (held[i].type === type) return held[i];
    return undefined;
  }

  /** Stores `rrset`, replacing one of the same type. Called by Zone only. */
  put(rrset: RRset): void {
    const rest = this.rrsets.filter((existing) => existing.type !== rrset.type);
    this.#held = rest.length === 0 ? rrset : exact([...rest, rrset]);
  }

  /** Removes the RRset of `type`; returns it. Called by Zone only. */
  drop(type: number): RRset | undefined {
    const found = this.get(type);
    if (found) {
      const rest = this.rrsets.filter((existing) => existing !== found);
      this.#held = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : exact(rest);
    }
    return found;
  }
}

/** A copy without spare capacity: node arrays are many and never grow in place. */
function exact(rrsets: readonly RRset[]): readonly RRset[] {
  const out = new Array<RRset>(rrsets.length);
  for (let i = 0; i < rrsets.length; i++) out[i] = rrsets[i];
  return out;
}
