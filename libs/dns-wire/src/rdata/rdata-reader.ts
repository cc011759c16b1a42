import { DnsWireError, RdataError } from '../errors.js';
import { Name } from '../name.js';

/**
 * Bounds-checked reader over one record's uncompressed RDATA. Every overrun
 * becomes an RdataError, so typed decoders never read outside their record.
 */
export class RdataReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  readonly what: string;

  constructor(buf: Uint8Array, what: string) {
    this.buf = buf;
    this.pos = 0;
    this.end = buf.length;
    this.what = what;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(reason: string): never {
    throw new RdataError(`${this.what} RDATA: ${reason}`);
  }

  #need(n: number): number {
    const p = this.pos;
    if (p + n > this.end) this.fail('too short');
    this.pos = p + n;
    return p;
  }

  u8(): number {
    return this.buf[this.#need(1)];
  }

  u16(): number {
    const p = this.#need(2);
    return (this.buf[p] << 8) | this.buf[p + 1];
  }

  u32(): number {
    const p = this.#need(4);
    const b = this.buf;
    return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  }

  /** 48-bit unsigned integer (TSIG time signed, RFC 8945 §4.2). */
  u48(): number {
    const high = this.u16();
    return high * 0x100000000 + this.u32();
  }

  bytes(n: number): Uint8Array {
    const p = this.#need(n);
    return this.buf.slice(p, p + n);
  }

  /** Everything left. */
  rest(): Uint8Array {
    return this.bytes(this.end - this.pos);
  }

  /**
   * Everything left, which must be at least `min` octets: for trailing binary
   * fields whose presentation form has no way to say "empty".
   */
  restAtLeast(min: number, field: string): Uint8Array {
    if (this.end - this.pos < min) this.fail(`${field} shorter than ${min} octets`);
    return this.rest();
  }

  /** An uncompressed domain name (RDATA is stored without compression pointers). */
  name(): Name {
    try {
      const name = Name.fromWire(this.buf.subarray(0, this.end), this.pos);
      this.pos += name.wireLength;
      return name;
    } catch (e) {
      if (e instanceof DnsWireError) this.fail(e.message);
      throw e;
    }
  }

  /** A <character-string>: one length octet and that many octets (RFC 1035 §3.3). */
  string(): Uint8Array {
    const n = this.u8();
    return this.bytes(n);
  }

  /** Fails unless every octet has been consumed. */
  done(): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} unexpected trailing octets`);
  }
}
