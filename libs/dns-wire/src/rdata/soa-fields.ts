import { RdataError } from '../errors.js';
import { skipName } from './layout.js';

/**
 * Direct access to the SOA fields the serving and transfer paths read and
 * bump all the time, without decoding the names (RFC 1035 §3.3.13 layout:
 * MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM).
 */
function serialOffset(rdata: Uint8Array): number {
  const at = skipName(rdata, skipName(rdata, 0));
  if (at + 20 !== rdata.length) throw new RdataError('SOA RDATA has the wrong length');
  return at;
}

function read32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

export function soaSerial(rdata: Uint8Array): number {
  return read32(rdata, serialOffset(rdata));
}

/** A copy of the SOA RDATA with another serial. */
export function withSoaSerial(rdata: Uint8Array, serial: number): Uint8Array {
  const at = serialOffset(rdata);
  // new Uint8Array(...) copies even when given a Buffer, whose slice() would be a view.
  const out = new Uint8Array(rdata);
  out[at] = serial >>> 24;
  out[at + 1] = serial >>> 16;
  out[at + 2] = serial >>> 8;
  out[at + 3] = serial;
  return out;
}

/** MINIMUM: the negative-caching TTL cap (RFC 2308 §4). */
export function soaMinimum(rdata: Uint8Array): number {
  return read32(rdata, serialOffset(rdata) + 16);
}
