import { Name } from '@shoal/dns-wire';

/**
 * Names as the zone stores them: their uncompressed wire form held in a
 * latin1 string, one character per octet. A string is a fraction of the size
 * of a Name with its Uint8Array, it is flat (hashes fast as a Map key), and
 * the wire form makes the ancestors of a name plain suffixes of it.
 *
 * A key is the lowercased wire form: equal for names that are equal under
 * RFC 4343 and only for them. An owner keeps the original case.
 */

const scratch = Buffer.alloc(255);

/** The Map key of `name`. */
export function nameKey(name: Name): string {
  return encode(name.toWire(), true);
}

/** The wire form of `name` in its own case. */
export function ownerOf(name: Name): string {
  return encode(name.toWire(), false);
}

/** The key or owner string one label up: both are wire forms, so the parent is a suffix. */
export function parentOf(wire: string): string {
  return wire.slice(wire.charCodeAt(0) + 1);
}

/** Rebuilds the Name an owner string stands for. */
export function nameOf(owner: string): Name {
  return Name.fromWire(Buffer.from(owner, 'latin1'));
}

/**
 * The keys of a name and of each of its ancestors, computed once: `strip(n)`
 * is the key of the name with its n leftmost labels removed.
 */
export class AncestorKeys {
  readonly labelCount: number;
  readonly #key: string;
  readonly #offsets: number[] = [];

  constructor(name: Name | string) {
    this.#key = typeof name === 'string' ? name : nameKey(name);
    for (let p = 0; this.#key.charCodeAt(p) !== 0; p += this.#key.charCodeAt(p) + 1) this.#offsets.push(p);
    this.labelCount = this.#offsets.length;
  }

  get key(): string {
    return this.#key;
  }

  strip(labels: number): string {
    return labels === 0 ? this.#key : this.#key.slice(this.#offsets[labels] ?? this.#key.length - 1);
  }

  /** The keys of the parent name; the root has none. */
  parent(): AncestorKeys {
    return new AncestorKeys(parentOf(this.#key));
  }
}

function encode(wire: Uint8Array, lower: boolean): string {
  for (let i = 0; i < wire.length; i++) {
    const c = wire[i];
    scratch[i] = lower && c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  }
  return scratch.toString('latin1', 0, wire.length);
}
