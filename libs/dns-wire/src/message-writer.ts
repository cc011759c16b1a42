import { copyBytes } from './bytes.js';
import { CompressionTable } from './compression-table.js';
import { RRType } from './constants.js';
import { DnsWireError, RdataError, WireFormatError } from './errors.js';
import type { Edns, Message, Question, ResourceRecord } from './message.js';
import { EDNS_DO, HEADER_SIZE } from './message.js';
import { COMPRESS_ON_WRITE, type Layout, NAME, NAME_LAYOUTS, REST, STRING } from './rdata/layout.js';

/** Header fields a writer sets; `rcode` may be the full 12-bit value, whose upper bits travel in OPT. */
export interface HeaderFields {
  id: number;
  qr?: boolean;
  opcode?: number;
  aa?: boolean;
  tc?: boolean;
  rd?: boolean;
  ra?: boolean;
  z?: boolean;
  ad?: boolean;
  cd?: boolean;
  rcode?: number;
}

export type Section = 'answer' | 'authority' | 'additional';

export interface MessageWriterOptions {
  /** Compress names (RFC 1035 §4.1.4); on by default. */
  compress?: boolean;
}

const SECTION_INDEX = { answer: 1, authority: 2, additional: 3 } as const;
const MAX_MESSAGE = 0xffff;

/** Compression layouts indexed by type: only the RFC 1035 types, per RFC 3597 §4. */
const COMPRESS: (Layout | undefined)[] = new Array(256).fill(undefined);
for (const type of COMPRESS_ON_WRITE) COMPRESS[type] = NAME_LAYOUTS.get(type);

const NO_ROOM = -1;
const MALFORMED = -2;

/**
 * Builds a message incrementally into one buffer allocated up front, for the
 * server's hot path: every add either fits entirely or leaves the writer as it
 * was, so callers can fill a response until it is full and then truncate.
 * Sections must be written in order: questions, answer, authority, additional.
 */
export class MessageWriter {
  #buf: Uint8Array;
  #maxSize: number;
  #reserved = 0;
  #pos = HEADER_SIZE;
  #section = 0;
  #rcode = 0;
  readonly #compress: boolean;
  readonly #table = new CompressionTable();

  constructor(maxSize = MAX_MESSAGE, options?: MessageWriterOptions) {
    this.#maxSize = checkSize(maxSize);
    this.#buf = new Uint8Array(this.#maxSize);
    this.#compress = options?.compress ?? true;
  }

  /** Empties the writer for a new message, keeping its buffer when large enough. */
  reset(maxSize = this.#maxSize): void {
    this.#maxSize = checkSize(maxSize);
    if (this.#buf.length < this.#maxSize) this.#buf = new Uint8Array(this.#maxSize);
    this.#buf.fill(0, 0, HEADER_SIZE);
    this.#reserved = 0;
    this.#pos = HEADER_SIZE;
    this.#section = 0;
    this.#rcode = 0;
    this.#table.clear();
  }

  setHeader(h: HeaderFields): void {
    const b = this.#buf;
    const rcode = h.rcode ?? 0;
    this.#rcode = rcode;
    b[0] = (h.id >>> 8) & 0xff;
    b[1] = h.id & 0xff;
    b[2] =
      (h.qr ? 0x80 : 0) |
      (((h.opcode ?? 0) & 0xf) << 3) |
      (h.aa ? 0x04 : 0) |
      (h.tc || (b[2] & 0x02) !== 0 ? 0x02 : 0) |
      (h.rd ? 0x01 : 0);
    b[3] = (h.ra ? 0x80 : 0) | (h.z ? 0x40 : 0) | (h.ad ? 0x20 : 0) | (h.cd ? 0x10 : 0) | (rcode & 0xf);
  }

  /** Adds a question; false, with the writer unchanged, when it does not fit. */
  addQuestion(q: Question): boolean {
    if (this.#section > 0) throw new DnsWireError('questions must precede records');
    const limit = this.#limit();
    const tableCount = this.#table.count;
    let p = this.#writeName(this.#pos, limit, q.name.toWire());
    if (p < 0 || p + 4 > limit) {
      this.#table.truncate(tableCount);
      return false;
    }
    p = put16(this.#buf, p, q.type);
    this.#pos = put16(this.#buf, p, q.class);
    this.#bump(0);
    return true;
  }

  /**
   * Adds a record, compressing its owner and, for the RFC 1035 types, the
   * names in its RDATA. False, with the writer unchanged, when it does not fit.
   */
  addRecord(section: Section, rr: ResourceRecord): boolean {
    const index = this.#enter(section);
    if (!this.#record(rr)) return false;
    this.#bump(index);
    return true;
  }

  /** Adds all the records or none of them. */
  addRRset(section: Section, rrs: readonly ResourceRecord[]): boolean {
    const index = this.#enter(section);
    const pos = this.#pos;
    const tableCount = this.#table.count;
    for (let i = 0; i < rrs.length; i++) {
      if (!this.#record(rrs[i])) {
        this.#pos = pos;
        this.#table.truncate(tableCount);
        return false;
      }
    }
    this.#bump(index, rrs.length);
    return true;
  }

  /**
   * Adds the OPT record (RFC 6891 §6.1.2). Its EXTENDED-RCODE is
   * `edns.extendedRcode` combined with the upper bits of the header RCODE.
   * The DO bit follows `dnssecOk`; the other flag bits come from `flags`.
   */
  addOpt(edns: Edns): boolean {
    const index = this.#enter('additional');
    const size = ednsWireSize(edns);
    const limit = this.#limit();
    let p = this.#pos;
    if (p + size > limit) return false;
    const b = this.#buf;
    b[p++] = 0;
    p = put16(b, p, RRType.OPT);
    p = put16(b, p, edns.udpPayloadSize);
    b[p++] = (edns.extendedRcode | (this.#rcode >>> 4)) & 0xff;
    b[p++] = edns.version & 0xff;
    p = put16(b, p, (edns.flags & ~EDNS_DO) | (edns.dnssecOk ? EDNS_DO : 0));
    p = put16(b, p, size - 11);
    for (const option of edns.options) {
      p = put16(b, p, option.code);
      p = put16(b, p, option.data.length);
      b.set(option.data, p);
      p += option.data.length;
    }
    this.#pos = p;
    this.#bump(index);
    return true;
  }

  /** Holds back `bytes` of the size limit, e.g. to guarantee room for OPT or TSIG later. */
  reserve(bytes: number): void {
    this.#reserved += bytes;
  }

  release(bytes: number): void {
    this.#reserved = Math.max(0, this.#reserved - bytes);
  }

  /** Sets TC (RFC 1035 §4.1.1; RFC 2181 §9). */
  setTruncated(): void {
    this.#buf[2] |= 0x02;
  }

  /** Octets written so far. */
  get size(): number {
    return this.#pos;
  }

  /** Room left before the size limit, reservations excluded. */
  get remaining(): number {
    return this.#limit() - this.#pos;
  }

  /** A copy of exactly the bytes written. */
  finish(): Uint8Array {
    return copyBytes(this.#buf, 0, this.#pos);
  }

  #limit(): number {
    return this.#maxSize - this.#reserved;
  }

  #enter(section: Section): number {
    const index = SECTION_INDEX[section];
    if (index < this.#section) throw new DnsWireError(`the ${section} section is already closed`);
    this.#section = index;
    return index;
  }

  #bump(index: number, by = 1): void {
    const at = 4 + 2 * index;
    const b = this.#buf;
    const count = ((b[at] << 8) | b[at + 1]) + by;
    if (count > 0xffff) throw new WireFormatError('section count overflow', at);
    b[at] = count >>> 8;
    b[at + 1] = count & 0xff;
  }

  #writeName(pos: number, limit: number, wire: Uint8Array): number {
    if (this.#compress) return this.#table.writeName(this.#buf, pos, limit, wire, 0);
    if (pos + wire.length > limit) return NO_ROOM;
    this.#buf.set(wire, pos);
    return pos + wire.length;
  }

  /** Writes one record at the current position; on failure restores position and table. */
  #record(rr: ResourceRecord): boolean {
    const start = this.#pos;
    const tableCount = this.#table.count;
    const limit = this.#limit();
    const b = this.#buf;
    let p = this.#writeName(start, limit, rr.name.toWire());
    if (p >= 0 && p + 10 <= limit) {
      p = put16(b, p, rr.type);
      p = put16(b, p, rr.class);
      p = put32(b, p, rr.ttl);
      const rdStart = p + 2;
      const rdata = rr.rdata;
      const layout = this.#compress && rr.type < 256 && rdata.length > 0 ? COMPRESS[rr.type] : undefined;
      let end: number;
      if (layout === undefined) {
        end = rdStart + rdata.length <= limit ? rdStart + rdata.length : NO_ROOM;
        if (end >= 0) b.set(rdata, rdStart);
      } else {
        end = this.#compressedRdata(layout, rdata, rdStart, limit);
      }
      if (end >= 0) {
        put16(b, p, end - rdStart);
        this.#pos = end;
        return true;
      }
      if (end === MALFORMED) {
        this.#table.truncate(tableCount);
        throw new RdataError(`malformed ${rr.type} RDATA for ${rr.name}`);
      }
    }
    this.#table.truncate(tableCount);
    return false;
  }

  #compressedRdata(layout: Layout, rdata: Uint8Array, pos: number, limit: number): number {
    const b = this.#buf;
    let r = 0;
    for (const field of layout) {
      if (field === NAME) {
        if (!validName(rdata, r)) return MALFORMED;
        pos = this.#table.writeName(b, pos, limit, rdata, r);
        if (pos < 0) return NO_ROOM;
        while (rdata[r] !== 0) r += rdata[r] + 1;
        r++;
        continue;
      }
      let n = field;
      if (field === STRING) n = r < rdata.length ? rdata[r] + 1 : 1;
      else if (field === REST) n = rdata.length - r;
      if (r + n > rdata.length) return MALFORMED;
      if (pos + n > limit) return NO_ROOM;
      b.set(rdata.subarray(r, r + n), pos);
      pos += n;
      r += n;
    }
    return r === rdata.length ? pos : MALFORMED;
  }
}

function checkSize(maxSize: number): number {
  if (!Number.isInteger(maxSize) || maxSize < HEADER_SIZE || maxSize > MAX_MESSAGE) {
    throw new DnsWireError(`message size limit must be ${HEADER_SIZE}..${MAX_MESSAGE}, not ${maxSize}`);
  }
  return maxSize;
}

/** True when an uncompressed, in-bounds name of legal size starts at `r`. */
function validName(rdata: Uint8Array, r: number): boolean {
  const start = r;
  for (;;) {
    if (r >= rdata.length) return false;
    const len = rdata[r];
    if (len === 0) return true;
    if (len > 63) return false;
    r += len + 1;
    if (r - start >= 255) return false;
  }
}

function put16(b: Uint8Array, p: number, v: number): number {
  b[p] = (v >>> 8) & 0xff;
  b[p + 1] = v & 0xff;
  return p + 2;
}

function put32(b: Uint8Array, p: number, v: number): number {
  b[p] = (v >>> 24) & 0xff;
  b[p + 1] = (v >>> 16) & 0xff;
  b[p + 2] = (v >>> 8) & 0xff;
  b[p + 3] = v & 0xff;
  return p + 4;
}

/** Size of the OPT record for `edns`, owner and fixed fields included. */
export function ednsWireSize(edns: Edns): number {
  let size = 11;
  for (const option of edns.options) size += 4 + option.data.length;
  return size;
}

let shared: MessageWriter | undefined;
let sharedPlain: MessageWriter | undefined;

function sameRRset(a: ResourceRecord, b: ResourceRecord): boolean {
  return a.type === b.type && a.class === b.class && a.name.equals(b.name);
}

/**
 * Encodes a whole message. When `maxSize` would be exceeded, sets TC and
 * keeps the header, the questions and OPT, dropping from the first RRset that
 * does not fit onwards (whole RRsets: RFC 2181 §9 forbids partial ones).
 */
export function encodeMessage(msg: Message, options?: { maxSize?: number; compress?: boolean }): Uint8Array {
  const compress = options?.compress ?? true;
  // encodeMessage is synchronous, so one writer per mode serves every call.
  let w: MessageWriter;
  if (compress) w = shared ??= new MessageWriter();
  else w = sharedPlain ??= new MessageWriter(MAX_MESSAGE, { compress: false });
  w.reset(options?.maxSize ?? MAX_MESSAGE);
  if (msg.rcode > 0xf && msg.edns === undefined) {
    throw new DnsWireError(`RCODE ${msg.rcode} needs EDNS to be encoded`);
  }
  w.setHeader(msg);
  const optSize = msg.edns === undefined ? 0 : ednsWireSize(msg.edns);
  w.reserve(optSize);
  for (const q of msg.questions) {
    if (!w.addQuestion(q)) throw new DnsWireError('the question section alone exceeds the size limit');
  }
  // Sections in order; once one RRset does not fit, nothing after it is written.
  const complete =
    addSection(w, 'answer', msg.answers) &&
    addSection(w, 'authority', msg.authorities) &&
    addSection(w, 'additional', msg.additionals);
  w.release(optSize);
  if (msg.edns !== undefined && !w.addOpt(msg.edns)) {
    throw new DnsWireError('the OPT record does not fit within the size limit');
  }
  if (!complete) w.setTruncated();
  return w.finish();
}

function addSection(w: MessageWriter, section: Section, records: readonly ResourceRecord[]): boolean {
  let i = 0;
  while (i < records.length) {
    let j = i + 1;
    while (j < records.length && sameRRset(records[i], records[j])) j++;
    const ok = j === i + 1 ? w.addRecord(section, records[i]) : w.addRRset(section, records.slice(i, j));
    if (!ok) return false;
    i = j;
  }
  return true;
}
