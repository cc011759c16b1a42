import { RdataError } from '../errors.js';
import type { Name } from '../name.js';

const MAX_RDATA = 0xffff;

/** Growable buffer for encoding one RDATA; refuses to pass the 65535-octet RDLENGTH limit. */
export class RdataBuilder {
  #buf = new Uint8Array(64);
  #pos = 0;

  #room(n: number): number {
    const p = this.#pos;
    const need = p + n;
    if (need > MAX_RDATA) throw new RdataError('RDATA longer than 65535 octets');
    if (need > this.#buf.length) {
      const next = new Uint8Array(Math.min(MAX_RDATA, Math.max(need, this.#buf.length * 2)));
      next.set(this.#buf.subarray(0, p));
      this.#buf = next;
    }
    this.#pos = need;
    return p;
  }

  u8(v: number): void {
    // #room() first: it may replace #buf, and `this.#buf[this.#room(1)]` would read the old one.
    const p = this.#room(1);
    this.#buf[p] = v;
  }

  u16(v: number): void {
    const p = this.#room(2);
    this.#buf[p] = v >>> 8;
    this.#buf[p + 1] = v;
  }

  u32(v: number): void {
    const p = this.#room(4);
    const b = this.#buf;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
  }

  u48(v: number): void {
    this.u16(Math.floor(v / 0x100000000));
    this.u32(v % 0x100000000);
  }

  bytes(data: Uint8Array): void {
    const p = this.#room(data.length);
    this.#buf.set(data, p);
  }

  /** Uncompressed, original case: compression happens only when a message is written. */
  name(name: Name): void {
    this.bytes(name.toWire());
  }

  /** A <character-string>: at most 255 octets behind a length octet. */
  string(data: Uint8Array): void {
    if (data.length > 255) throw new RdataError('character-string longer than 255 octets');
    this.u8(data.length);
    this.bytes(data);
  }

  get length(): number {
    return this.#pos;
  }

  /** Overwrites a 16-bit value written earlier (length fields known only afterwards). */
  patch16(at: number, v: number): void {
    this.#buf[at] = v >>> 8;
    this.#buf[at + 1] = v;
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }
}
