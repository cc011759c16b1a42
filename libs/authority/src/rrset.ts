import { canonicalRdata, type Name, type ResourceRecord } from '@shoal/dns-wire';

/**
 * An RRset's records, stored as their wire form (RDLENGTH + RDATA each,
 * uncompressed) in one latin1 string, one character per octet. A short
 * string costs a fraction of a Uint8Array in V8, which is what lets a node
 * hold a million records, and answering is a copy of those octets.
 *
 * Immutable: zone mutations build a new RRset, so a reference taken by a
 * query never changes under it.
 */
export class RRset {
  readonly type: number;
  /** RFC 2181 §5.2: one TTL for the whole set. */
  readonly ttl: number;
  readonly count: number;
  readonly #data: string;

  private constructor(type: number, ttl: number, count: number, data: string) {
    this.type = type;
    this.ttl = ttl;
    this.count = count;
    this.#data = data;
  }

  static of(type: number, ttl: number, rdatas: readonly Uint8Array[]): RRset {
    let size = 0;
    for (const rdata of rdatas) size += 2 + rdata.length;
    const data = Buffer.allocUnsafe(size);
    let pos = 0;
    for (const rdata of rdatas) {
      data[pos] = rdata.length >> 8;
      data[pos + 1] = rdata.length & 0xff;
      data.set(rdata, pos + 2);
      pos += 2 + rdata.length;
    }
    return new RRset(type, ttl, rdatas.length, data.toString('latin1'));
  }

  /** The RDATA of each record, in stored order, as views into one fresh buffer. */
  rdatas(): Uint8Array[] {
    const data = new Uint8Array(this.#data.length);
    Buffer.from(data.buffer).write(this.#data, 'latin1');
    const out: Uint8Array[] = new Array(this.count);
    let pos = 0;
    for (let i = 0; i < this.count; i++) {
      const length = (data[pos] << 8) | data[pos + 1];
      out[i] = data.subarray(pos + 2, pos + 2 + length);
      pos += 2 + length;
    }
    return out;
  }

  /**
   * Position of the record whose RDATA equals `rdata` in canonical form
   * (RFC 4034 §6.2: embedded names compare case-insensitively), or -1.
   */
  indexOf(rdata: Uint8Array): number {
    const wanted = canonicalRdata(this.type, rdata);
    const rdatas = this.rdatas();
    for (let i = 0; i < rdatas.length; i++) {
      if (bytesEqual(rdatas[i], rdata) || bytesEqual(canonicalRdata(this.type, rdatas[i]), wanted)) return i;
    }
    return -1;
  }

  /** A copy with one more record; RFC 2181 §5.2 asks for the lowest TTL when they differ. */
  with(rdata: Uint8Array, ttl: number): RRset {
    return RRset.of(this.type, Math.min(this.ttl, ttl), [...this.rdatas(), rdata]);
  }

  /** A copy without the record at `index`. */
  without(index: number): RRset {
    const rdatas = this.rdatas();
    rdatas.splice(index, 1);
    return RRset.of(this.type, this.ttl, rdatas);
  }

  /** The records with `owner` as their name, ready for a message writer. */
  toRecords(owner: Name, rrClass: number, ttl = this.ttl): ResourceRecord[] {
    const rdatas = this.rdatas();
    const out: ResourceRecord[] = new Array(rdatas.length);
    for (let i = 0; i < rdatas.length; i++) {
      out[i] = { name: owner, type: this.type, class: rrClass, ttl, rdata: rdatas[i] };
    }
    return out;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
