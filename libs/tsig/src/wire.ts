import { Name, RRClass, RRType } from '@shoal/dns-wire';
import { TsigFormatError } from './errors.js';

const HEADER = 12;

/** The fields of a TSIG RR (RFC 8945 §4.2) plus its owner, the key name. */
export interface TsigRecord {
  keyName: Name;
  algorithm: Name;
  /** Seconds since 1970 (48 bits). */
  timeSigned: number;
  fudge: number;
  mac: Uint8Array;
  originalId: number;
  error: number;
  other: Uint8Array;
}

/** A TSIG found in a message: the record and where it starts. */
export interface TsigLocation {
  record: TsigRecord;
  /** Offset of the TSIG RR's owner name: the message without TSIG is everything before it. */
  offset: number;
}

function u16(b: Uint8Array, p: number): number {
  if (p + 2 > b.length) throw new TsigFormatError('message truncated');
  return (b[p] << 8) | b[p + 1];
}

function u48(b: Uint8Array, p: number): number {
  if (p + 6 > b.length) throw new TsigFormatError('message truncated');
  return (
    u16(b, p) * 0x1_0000_0000 + (((b[p + 2] << 24) | (b[p + 3] << 16) | (b[p + 4] << 8) | b[p + 5]) >>> 0)
  );
}

/** Position after the (possibly compressed) name at `p`. */
function skipName(b: Uint8Array, p: number): number {
  for (;;) {
    if (p >= b.length) throw new TsigFormatError('name runs past the end of the message');
    const len = b[p];
    if (len === 0) return p + 1;
    if (len >= 0xc0) return p + 2;
    if (len > 63) throw new TsigFormatError('unsupported label type');
    p += len + 1;
  }
}

/** Reads a name, following compression pointers backwards only (RFC 1035 §4.1.4). */
function readName(b: Uint8Array, p: number): Name {
  const out: number[] = [];
  let limit = p;
  for (;;) {
    if (p >= b.length) throw new TsigFormatError('name runs past the end of the message');
    const len = b[p];
    if (len === 0) break;
    if (len >= 0xc0) {
      if (p + 1 >= b.length) throw new TsigFormatError('compression pointer truncated');
      const target = ((len & 0x3f) << 8) | b[p + 1];
      if (target >= limit) throw new TsigFormatError('compression pointer does not point backwards');
      limit = target;
      p = target;
      continue;
    }
    if (len > 63) throw new TsigFormatError('unsupported label type');
    if (p + 1 + len > b.length) throw new TsigFormatError('label runs past the end of the message');
    for (let i = p; i <= p + len; i++) out.push(b[i]);
    if (out.length > 254) throw new TsigFormatError('name longer than 255 octets');
    p += len + 1;
  }
  out.push(0);
  return Name.fromWire(Uint8Array.from(out));
}

/**
 * Finds the TSIG RR of a message. It must be the last record of the additional section and
 * the only TSIG (RFC 8945 §5.1); anything else is a format error. Returns undefined for an
 * unsigned message. Cheap: the records before it are skipped, not decoded.
 */
export function findTsig(message: Uint8Array): TsigLocation | undefined {
  if (message.length < HEADER) throw new TsigFormatError('message shorter than its header');
  const qd = u16(message, 4);
  const rest = u16(message, 6) + u16(message, 8);
  const ar = u16(message, 10);
  if (ar === 0) return undefined;
  let p = HEADER;
  for (let i = 0; i < qd; i++) p = skipName(message, p) + 4;
  const total = rest + ar;
  for (let i = 0; i < total - 1; i++) {
    p = skipName(message, p);
    const type = u16(message, p);
    if (type === RRType.TSIG) throw new TsigFormatError('TSIG is not the last record of the message');
    p += 10 + u16(message, p + 8);
  }
  const offset = p;
  p = skipName(message, p);
  if (u16(message, p) !== RRType.TSIG) {
    if (p + 10 + u16(message, p + 8) > message.length) throw new TsigFormatError('message truncated');
    return undefined;
  }
  const keyName = readName(message, offset);
  if (u16(message, p + 2) !== RRClass.ANY) throw new TsigFormatError('TSIG class is not ANY');
  const rdlength = u16(message, p + 8);
  const start = p + 10;
  const end = start + rdlength;
  if (end !== message.length) throw new TsigFormatError('TSIG RDATA does not end the message');
  const algorithmEnd = skipName(message, start);
  const algorithm = readName(message, start);
  let q = algorithmEnd;
  const timeSigned = u48(message, q);
  const fudge = u16(message, q + 6);
  const macSize = u16(message, q + 8);
  q += 10;
  if (q + macSize > end) throw new TsigFormatError('TSIG MAC runs past its RDATA');
  const mac = copy(message, q, q + macSize);
  q += macSize;
  const originalId = u16(message, q);
  const error = u16(message, q + 2);
  const otherLength = u16(message, q + 4);
  q += 6;
  if (q + otherLength !== end) throw new TsigFormatError('TSIG other data does not fill its RDATA');
  const other = copy(message, q, end);
  return { offset, record: { keyName, algorithm, timeSigned, fudge, mac, originalId, error, other } };
}

/**
 * The message as it was before signing (RFC 8945 §4.3.1): TSIG removed, ARCOUNT one less,
 * and the ID the signer used (the original ID: a forwarder may have changed it).
 */
export function unsignedMessage(message: Uint8Array, location: TsigLocation): Uint8Array {
  const out = copy(message, 0, location.offset);
  const ar = ((out[10] << 8) | out[11]) - 1;
  out[10] = ar >> 8;
  out[11] = ar & 0xff;
  out[0] = location.record.originalId >> 8;
  out[1] = location.record.originalId & 0xff;
  return out;
}

/** The RDATA of a TSIG RR. Names are never compressed in TSIG (RFC 8945 §4.2). */
export function encodeTsigRdata(record: TsigRecord): Uint8Array {
  const algorithm = record.algorithm.toCanonicalWire();
  const out = new Uint8Array(algorithm.length + 16 + record.mac.length + record.other.length);
  let p = 0;
  out.set(algorithm, p);
  p += algorithm.length;
  p = put48(out, p, record.timeSigned);
  p = put16(out, p, record.fudge);
  p = put16(out, p, record.mac.length);
  out.set(record.mac, p);
  p += record.mac.length;
  p = put16(out, p, record.originalId);
  p = put16(out, p, record.error);
  p = put16(out, p, record.other.length);
  out.set(record.other, p);
  return out;
}

/** Octets a TSIG RR with this key name, algorithm, MAC and other-data size takes in a message. */
export function tsigRecordSize(keyName: Name, algorithm: Name, macSize: number, otherSize = 0): number {
  return keyName.wireLength + 10 + algorithm.wireLength + 16 + macSize + otherSize;
}

/** Appends the TSIG RR to a message and counts it in ARCOUNT. */
export function appendTsig(message: Uint8Array, record: TsigRecord): Uint8Array {
  const owner = record.keyName.toCanonicalWire();
  const rdata = encodeTsigRdata(record);
  const out = new Uint8Array(message.length + owner.length + 10 + rdata.length);
  out.set(message, 0);
  let p = message.length;
  out.set(owner, p);
  p += owner.length;
  p = put16(out, p, RRType.TSIG);
  p = put16(out, p, RRClass.ANY);
  p += 4; // TTL 0
  p = put16(out, p, rdata.length);
  out.set(rdata, p);
  const ar = ((out[10] << 8) | out[11]) + 1;
  if (ar > 0xffff) throw new TsigFormatError('additional section full');
  out[10] = ar >> 8;
  out[11] = ar & 0xff;
  return out;
}

/** A copy, also when given a Buffer (whose slice() is a view: writing to it would change the input). */
function copy(b: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(b.subarray(start, end));
}

export function put16(b: Uint8Array, p: number, v: number): number {
  b[p] = (v >>> 8) & 0xff;
  b[p + 1] = v & 0xff;
  return p + 2;
}

export function put48(b: Uint8Array, p: number, v: number): number {
  const hi = Math.floor(v / 0x1_0000_0000);
  const lo = v >>> 0;
  b[p] = (hi >>> 8) & 0xff;
  b[p + 1] = hi & 0xff;
  b[p + 2] = lo >>> 24;
  b[p + 3] = (lo >>> 16) & 0xff;
  b[p + 4] = (lo >>> 8) & 0xff;
  b[p + 5] = lo & 0xff;
  return p + 6;
}
