import { copyBytes } from './bytes.js';
import { RRType } from './constants.js';
import { WireFormatError } from './errors.js';
import type { Edns, EdnsOption, Message, Question, ResourceRecord } from './message.js';
import { EDNS_DO, HEADER_SIZE } from './message.js';
import { Name, trustedName } from './name.js';
import { DECOMPRESS_ON_READ, type Layout, NAME, NAME_LAYOUTS, REST, STRING } from './rdata/layout.js';

const MAX_NAME = 255;

/** Decompression layouts indexed by type, for the types a receiver decompresses (all below 256). */
const DECOMPRESS: (Layout | undefined)[] = new Array(256).fill(undefined);
for (const type of DECOMPRESS_ON_READ) DECOMPRESS[type] = NAME_LAYOUTS.get(type);

const nameScratch = new Uint8Array(MAX_NAME + 1);
// Decompression can only grow RDATA by the names it expands: at most three names per layout.
const rdataScratch = new Uint8Array(0xffff + 4 * (MAX_NAME + 1));

/**
 * Reads one message. Each read is bounds-checked; every failure is a
 * WireFormatError carrying the offset, so hostile input ends in FORMERR.
 */
class Decoder {
  pos = HEADER_SIZE;
  readonly buf: Uint8Array;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  u16(): number {
    const p = this.pos;
    if (p + 2 > this.buf.length) throw new WireFormatError('message truncated', p);
    this.pos = p + 2;
    return (this.buf[p] << 8) | this.buf[p + 1];
  }

  u32(): number {
    const p = this.pos;
    const b = this.buf;
    if (p + 4 > b.length) throw new WireFormatError('message truncated', p);
    this.pos = p + 4;
    return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  }

  name(): Name {
    if (this.buf[this.pos] === 0 && this.pos < this.buf.length) {
      this.pos++;
      return Name.ROOT;
    }
    const length = this.nameInto(nameScratch, 0);
    return trustedName(nameScratch.slice(0, length));
  }

  /**
   * Copies the (possibly compressed) name at `pos` uncompressed into `out` and
   * returns the new output position. RFC 1035 §4.1.4 pointers must point
   * strictly before the data already followed: that rules out forward
   * pointers and loops, so the walk always ends.
   */
  nameInto(out: Uint8Array, o: number): number {
    const buf = this.buf;
    const end = buf.length;
    let p = this.pos;
    let limit = p;
    let jumped = false;
    let total = 0;
    for (;;) {
      if (p >= end) throw new WireFormatError('name runs past the end of the message', p);
      const len = buf[p];
      if (len === 0) {
        out[o++] = 0;
        if (!jumped) this.pos = p + 1;
        return o;
      }
      if (len < 0x40) {
        const stop = p + 1 + len;
        if (stop > end) throw new WireFormatError('label runs past the end of the message', p);
        total += len + 1;
        if (total >= MAX_NAME) throw new WireFormatError('name longer than 255 octets', p);
        for (; p < stop; p++) out[o++] = buf[p];
      } else if (len >= 0xc0) {
        if (p + 1 >= end) throw new WireFormatError('compression pointer truncated', p);
        const target = ((len & 0x3f) << 8) | buf[p + 1];
        if (target >= limit) throw new WireFormatError('compression pointer does not point backwards', p);
        if (!jumped) {
          this.pos = p + 2;
          jumped = true;
        }
        limit = target;
        p = target;
      } else {
        throw new WireFormatError(`unsupported label type 0x${len.toString(16)}`, p);
      }
    }
  }

  question(): Question {
    const name = this.name();
    const type = this.u16();
    return { name, type, class: this.u16() };
  }

  /** Reads RDATA of `length` octets, expanding compressed names where RFC 3597 §4 allows them. */
  rdata(type: number, length: number): Uint8Array {
    const start = this.pos;
    const stop = start + length;
    if (stop > this.buf.length) throw new WireFormatError('RDATA runs past the end of the message', start);
    const layout = type < 256 && length > 0 ? DECOMPRESS[type] : undefined;
    if (layout === undefined) {
      this.pos = stop;
      return copyBytes(this.buf, start, stop);
    }
    const out = rdataScratch;
    let o = 0;
    for (const field of layout) {
      if (field === NAME) {
        o = this.nameInto(out, o);
        if (this.pos > stop) throw new WireFormatError('name runs past the end of its RDATA', start);
        continue;
      }
      let n = field;
      if (field === STRING) n = this.pos < stop ? this.buf[this.pos] + 1 : 1;
      else if (field === REST) n = stop - this.pos;
      const from = this.pos;
      if (from + n > stop) throw new WireFormatError('RDATA shorter than its type requires', from);
      out.set(this.buf.subarray(from, from + n), o);
      o += n;
      this.pos = from + n;
    }
    if (this.pos !== stop) throw new WireFormatError('RDATA longer than its type allows', this.pos);
    return copyBytes(out, 0, o);
  }

  record(): ResourceRecord {
    const name = this.name();
    const type = this.u16();
    const klass = this.u16();
    const ttl = this.u32();
    const length = this.u16();
    return { name, type, class: klass, ttl, rdata: this.rdata(type, length) };
  }

  /** The rest of an OPT record whose owner and type have been read (RFC 6891 §6.1.2). */
  edns(ownerAt: number, name: Name): Edns {
    if (name.wireLength !== 1) throw new WireFormatError('OPT owner is not the root', ownerAt);
    const udpPayloadSize = this.u16();
    const ttl = this.u32();
    const length = this.u16();
    const stop = this.pos + length;
    if (stop > this.buf.length)
      throw new WireFormatError('OPT RDATA runs past the end of the message', this.pos);
    const options: EdnsOption[] = [];
    const buf = this.buf;
    while (this.pos < stop) {
      const p = this.pos;
      if (p + 4 > stop) throw new WireFormatError('EDNS option header truncated', p);
      const code = (buf[p] << 8) | buf[p + 1];
      const size = (buf[p + 2] << 8) | buf[p + 3];
      if (p + 4 + size > stop) throw new WireFormatError('EDNS option data truncated', p);
      options.push({ code, data: copyBytes(buf, p + 4, p + 4 + size) });
      this.pos = p + 4 + size;
    }
    const flags = ttl & 0xffff;
    return {
      udpPayloadSize,
      extendedRcode: ttl >>> 24,
      version: (ttl >>> 16) & 0xff,
      dnssecOk: (flags & EDNS_DO) !== 0,
      flags,
      options,
    };
  }
}

function section(d: Decoder, count: number, kind: string): ResourceRecord[] {
  const records: ResourceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = d.pos;
    const rr = d.record();
    if (rr.type === RRType.OPT) throw new WireFormatError(`OPT record in the ${kind} section`, at);
    records.push(rr);
  }
  return records;
}

/**
 * Decodes a whole message. Rejects, with WireFormatError: truncation, bad
 * names (see `nameInto`), more than one OPT, an OPT not owned by the root or
 * outside the additional section, and trailing octets after the last record.
 */
export function decodeMessage(buf: Uint8Array): Message {
  if (buf.length < HEADER_SIZE) throw new WireFormatError('message shorter than its header', 0);
  const d = new Decoder(buf);
  const id = (buf[0] << 8) | buf[1];
  const flags = (buf[2] << 8) | buf[3];
  const qdcount = (buf[4] << 8) | buf[5];
  const ancount = (buf[6] << 8) | buf[7];
  const nscount = (buf[8] << 8) | buf[9];
  const arcount = (buf[10] << 8) | buf[11];

  const questions: Question[] = [];
  for (let i = 0; i < qdcount; i++) questions.push(d.question());
  const answers = section(d, ancount, 'answer');
  const authorities = section(d, nscount, 'authority');
  const additionals: ResourceRecord[] = [];
  let edns: Edns | undefined;
  for (let i = 0; i < arcount; i++) {
    const at = d.pos;
    const name = d.name();
    const type = d.u16();
    if (type === RRType.OPT) {
      if (edns !== undefined) throw new WireFormatError('more than one OPT record', at);
      edns = d.edns(at, name);
      continue;
    }
    const klass = d.u16();
    const ttl = d.u32();
    const length = d.u16();
    additionals.push({ name, type, class: klass, ttl, rdata: d.rdata(type, length) });
  }
  if (d.pos !== buf.length) throw new WireFormatError('trailing octets after the last record', d.pos);

  const message: Message = {
    id,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >>> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags & 0x0040) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: edns === undefined ? flags & 0xf : (flags & 0xf) | (edns.extendedRcode << 4),
    questions,
    answers,
    authorities,
    additionals,
  };
  if (edns !== undefined) message.edns = edns;
  return message;
}
