import { LOWER } from './ascii.js';
import { NameError } from './errors.js';
import { labelToText, parseNameText, wireToText } from './name-text.js';

const MAX_NAME = 255;
const MAX_LABEL = 63;

let fromTrustedWire: (wire: Uint8Array) => Name;

/**
 * An absolute domain name. Immutable; keeps the original case of its labels
 * while comparing case-insensitively (RFC 4343). Internally it is the
 * uncompressed wire form, so decoding a message allocates one buffer per name
 * and the other views (labels, text, key) are built only when asked for.
 */
export class Name {
  static readonly ROOT: Name = new Name(new Uint8Array([0]));

  static {
    fromTrustedWire = (wire) => new Name(wire);
  }

  readonly #wire: Uint8Array;
  #offsets: Uint8Array | undefined;
  #labels: Uint8Array[] | undefined;
  #key: string | undefined;
  #text: string | undefined;

  private constructor(wire: Uint8Array) {
    this.#wire = wire;
  }

  /**
   * Parses presentation form. A name without a trailing dot is relative and is
   * completed with `origin`; `@` stands for `origin` itself (RFC 1035 §5.1).
   */
  static parse(text: string, origin?: Name): Name {
    if (text === '@') {
      if (!origin) throw new NameError("'@' used without an origin");
      return origin;
    }
    const parsed = parseNameText(text);
    if (parsed.absolute) return new Name(parsed.wire);
    if (!origin) throw new NameError(`relative name '${text}' without an origin`);
    return concat(parsed.wire, origin);
  }

  /** Builds a name from its labels, left to right, root excluded. */
  static fromLabels(labels: readonly Uint8Array[]): Name {
    let length = 1;
    for (const label of labels) {
      if (label.length === 0) throw new NameError('empty label');
      if (label.length > MAX_LABEL) throw new NameError('label longer than 63 octets');
      length += label.length + 1;
    }
    if (length > MAX_NAME) throw new NameError('name longer than 255 octets');
    const wire = new Uint8Array(length);
    let pos = 0;
    for (const label of labels) {
      wire[pos++] = label.length;
      wire.set(label, pos);
      pos += label.length;
    }
    wire[pos] = 0;
    return new Name(wire);
  }

  /**
   * Reads an uncompressed name from `buf` at `offset` (as found in stored RDATA).
   * Throws NameError on compression pointers, overruns and size violations.
   */
  static fromWire(buf: Uint8Array, offset = 0): Name {
    return new Name(buf.slice(offset, offset + uncompressedNameLength(buf, offset, buf.length)));
  }

  /** Labels left to right in original case, root excluded. */
  get labels(): readonly Uint8Array[] {
    if (this.#labels === undefined) {
      const offsets = this.#labelOffsets();
      const labels: Uint8Array[] = new Array(offsets.length);
      for (let i = 0; i < offsets.length; i++) {
        const at = offsets[i];
        labels[i] = this.#wire.slice(at + 1, at + 1 + this.#wire[at]);
      }
      this.#labels = labels;
    }
    return this.#labels;
  }

  get labelCount(): number {
    return this.#labelOffsets().length;
  }

  /** Lowercase presentation form with trailing dot: equal names have equal keys, and only they. */
  get key(): string {
    if (this.#key === undefined) this.#key = wireToText(this.#wire, true);
    return this.#key;
  }

  /** Uncompressed wire length including the root octet. */
  get wireLength(): number {
    return this.#wire.length;
  }

  /** Presentation form in original case, trailing dot, `\.`/`\\`/`\DDD` escapes. */
  toString(): string {
    if (this.#text === undefined) this.#text = wireToText(this.#wire, false);
    return this.#text;
  }

  toJSON(): string {
    return this.toString();
  }

  /** Uncompressed wire form in original case. Shared: do not modify. */
  toWire(): Uint8Array {
    return this.#wire;
  }

  /** Lowercased wire form (RFC 4034 §6.2). */
  toCanonicalWire(): Uint8Array {
    const wire = this.#wire;
    const out = new Uint8Array(wire.length);
    let pos = 0;
    while (pos < wire.length) {
      const len = wire[pos];
      out[pos] = len;
      const end = pos + 1 + len;
      for (let i = pos + 1; i < end; i++) out[i] = LOWER[wire[i]];
      pos = end;
    }
    return out;
  }

  /** Case-insensitive equality. */
  equals(other: Name): boolean {
    if (this === other) return true;
    const a = this.#wire;
    const b = other.#wire;
    if (a.length !== b.length) return false;
    // Label length octets are below 0x40 and map to themselves under LOWER.
    for (let i = 0; i < a.length; i++) if (LOWER[a[i]] !== LOWER[b[i]]) return false;
    return true;
  }

  /** True when this name is `ancestor` or lies below it. */
  isSubdomainOf(ancestor: Name): boolean {
    const a = this.#wire;
    const b = ancestor.#wire;
    const skip = a.length - b.length;
    if (skip < 0) return false;
    let pos = 0;
    while (pos < skip) pos += a[pos] + 1;
    if (pos !== skip) return false;
    for (let i = 0; i < b.length; i++) if (LOWER[a[skip + i]] !== LOWER[b[i]]) return false;
    return true;
  }

  /** The name with its leftmost label removed. */
  parent(): Name {
    if (this.#wire.length === 1) throw new NameError('the root has no parent');
    return new Name(this.#wire.subarray(this.#wire[0] + 1));
  }

  /** The name with its `levels` leftmost labels removed. */
  ancestor(levels: number): Name {
    if (levels === 0) return this;
    const offsets = this.#labelOffsets();
    if (levels < 0 || levels > offsets.length)
      throw new NameError(`cannot strip ${levels} labels from ${this}`);
    if (levels === offsets.length) return Name.ROOT;
    return new Name(this.#wire.subarray(offsets[levels]));
  }

  /** A child name: `label` is one label, as bytes or as presentation text. */
  prepend(label: string | Uint8Array): Name {
    let bytes: Uint8Array;
    if (typeof label === 'string') {
      const parsed = parseNameText(label);
      if (parsed.absolute || parsed.wire[0] !== parsed.wire.length - 1) {
        throw new NameError(`'${label}' is not a single label`);
      }
      bytes = parsed.wire.subarray(1);
    } else {
      bytes = label;
    }
    if (bytes.length === 0) throw new NameError('empty label');
    if (bytes.length > MAX_LABEL) throw new NameError('label longer than 63 octets');
    const length = this.#wire.length + bytes.length + 1;
    if (length > MAX_NAME) throw new NameError('name longer than 255 octets');
    const wire = new Uint8Array(length);
    wire[0] = bytes.length;
    wire.set(bytes, 1);
    wire.set(this.#wire, bytes.length + 1);
    return new Name(wire);
  }

  /** Text relative to `origin` for zone files: `@`, `www`, or the absolute name when outside it. */
  relativeTo(origin: Name): string {
    if (!this.isSubdomainOf(origin)) return this.toString();
    const skip = this.#wire.length - origin.#wire.length;
    if (skip === 0) return '@';
    const prefix = new Uint8Array(skip + 1);
    prefix.set(this.#wire.subarray(0, skip));
    return wireToText(prefix, false).slice(0, -1);
  }

  /** True when the leftmost label is `*` (RFC 4592). */
  isWildcard(): boolean {
    return this.#wire[0] === 1 && this.#wire[1] === 0x2a;
  }

  /** Canonical DNS name order (RFC 4034 §6.1): by labels from the right, as lowercase octet strings. */
  static compareCanonical(a: Name, b: Name): number {
    if (a === b) return 0;
    const aw = a.#wire;
    const bw = b.#wire;
    const ao = a.#labelOffsets();
    const bo = b.#labelOffsets();
    let i = ao.length - 1;
    let j = bo.length - 1;
    for (; i >= 0 && j >= 0; i--, j--) {
      const ap = ao[i];
      const bp = bo[j];
      const al = aw[ap];
      const bl = bw[bp];
      const min = al < bl ? al : bl;
      for (let k = 1; k <= min; k++) {
        const d = LOWER[aw[ap + k]] - LOWER[bw[bp + k]];
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      if (al !== bl) return al < bl ? -1 : 1;
    }
    if (i === j) return 0;
    return i < j ? -1 : 1;
  }

  /** Text of one label for messages and zone files. */
  static labelText(label: Uint8Array): string {
    return labelToText(label);
  }

  #labelOffsets(): Uint8Array {
    if (this.#offsets === undefined) {
      const wire = this.#wire;
      let count = 0;
      for (let pos = 0; wire[pos] !== 0; pos += wire[pos] + 1) count++;
      const offsets = new Uint8Array(count);
      let pos = 0;
      for (let i = 0; i < count; i++) {
        offsets[i] = pos;
        pos += wire[pos] + 1;
      }
      this.#offsets = offsets;
    }
    return this.#offsets;
  }
}

/** Wraps wire bytes already known to be a valid uncompressed name. Internal to the library. */
export function trustedName(wire: Uint8Array): Name {
  return fromTrustedWire(wire);
}

function concat(relative: Uint8Array, origin: Name): Name {
  const tail = origin.toWire();
  const length = relative.length + tail.length;
  if (length > MAX_NAME) throw new NameError('name longer than 255 octets');
  const wire = new Uint8Array(length);
  wire.set(relative, 0);
  wire.set(tail, relative.length);
  return fromTrustedWire(wire);
}

/**
 * Length of the uncompressed name at `offset`, validating label types and
 * sizes without reading past `end`. Throws NameError.
 */
export function uncompressedNameLength(buf: Uint8Array, offset: number, end: number): number {
  let pos = offset;
  for (;;) {
    if (pos >= end) throw new NameError('name runs past the end of its data');
    const len = buf[pos];
    if (len === 0) break;
    if (len > MAX_LABEL) throw new NameError('compression pointer or bad label type in uncompressed name');
    pos += len + 1;
    if (pos - offset >= MAX_NAME) throw new NameError('name longer than 255 octets');
  }
  return pos + 1 - offset;
}
