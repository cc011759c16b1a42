import { RRType } from '../constants.js';
import { RdataError } from '../errors.js';

/**
 * Where domain names sit inside RDATA, for the operations that must find them
 * without fully decoding the record: decompression on read, compression on
 * write, canonical lowercasing and additional-section lookups.
 *
 * A layout is a list of fields: a positive number is that many fixed octets,
 * NAME a domain name, STRING a <character-string>, REST everything left.
 */
export const NAME = 0;
export const STRING = -1;
export const REST = -2;

export type Layout = readonly number[];

const T = RRType;

/** Layout of every type that embeds domain names in its RDATA. */
export const NAME_LAYOUTS: ReadonlyMap<number, Layout> = new Map<number, Layout>([
  [T.NS, [NAME]],
  [T.MD, [NAME]],
  [T.MF, [NAME]],
  [T.CNAME, [NAME]],
  [T.SOA, [NAME, NAME, 20]],
  [T.MB, [NAME]],
  [T.MG, [NAME]],
  [T.MR, [NAME]],
  [T.PTR, [NAME]],
  [T.MINFO, [NAME, NAME]],
  [T.MX, [2, NAME]],
  [T.RP, [NAME, NAME]],
  [T.AFSDB, [2, NAME]],
  [T.RT, [2, NAME]],
  [T.SIG, [18, NAME, REST]],
  [T.PX, [2, NAME, NAME]],
  [T.NXT, [NAME, REST]],
  [T.SRV, [6, NAME]],
  [T.NAPTR, [4, STRING, STRING, STRING, NAME]],
  [T.KX, [2, NAME]],
  [T.DNAME, [NAME]],
  [T.RRSIG, [18, NAME, REST]],
  [T.NSEC, [NAME, REST]],
  [T.SVCB, [2, NAME, REST]],
  [T.HTTPS, [2, NAME, REST]],
  [T.TKEY, [NAME, REST]],
  [T.TSIG, [NAME, REST]],
]);

/**
 * Types whose names a sender may compress: the RFC 1035 types only (RFC 3597 §4).
 * HINFO and TXT carry no names, so they are not listed.
 */
export const COMPRESS_ON_WRITE: ReadonlySet<number> = new Set<number>([
  T.NS,
  T.MD,
  T.MF,
  T.CNAME,
  T.SOA,
  T.MB,
  T.MG,
  T.MR,
  T.PTR,
  T.MINFO,
  T.MX,
]);

/**
 * Types a receiver decompresses: the RFC 1035 types, plus those RFC 3597 §4
 * says to accept compressed from older senders (RP, AFSDB, RT, SIG, PX, NXT,
 * NAPTR, SRV).
 */
export const DECOMPRESS_ON_READ: ReadonlySet<number> = new Set<number>([
  ...COMPRESS_ON_WRITE,
  T.RP,
  T.AFSDB,
  T.RT,
  T.SIG,
  T.PX,
  T.NXT,
  T.NAPTR,
  T.SRV,
]);

/**
 * Types whose embedded names are lowercased in canonical form: RFC 4034 §6.2
 * item 3, with NSEC removed by RFC 6840 §5.1. HINFO is in the list but has no
 * names; A6 is obsolete (RFC 6563) and left as is.
 */
export const CANONICAL_LOWERCASE: ReadonlySet<number> = new Set<number>([
  T.NS,
  T.MD,
  T.MF,
  T.CNAME,
  T.SOA,
  T.MB,
  T.MG,
  T.MR,
  T.PTR,
  T.MINFO,
  T.MX,
  T.RP,
  T.AFSDB,
  T.RT,
  T.SIG,
  T.PX,
  T.NXT,
  T.NAPTR,
  T.KX,
  T.SRV,
  T.DNAME,
  T.RRSIG,
]);

/**
 * Start offsets of the names in uncompressed `rdata` of `type`, validated
 * (in bounds, labels of 63 octets or less, names of 255 or less).
 * Returns an empty list for types without names; throws RdataError when malformed.
 */
export function namePositions(type: number, rdata: Uint8Array): number[] {
  const layout = NAME_LAYOUTS.get(type);
  if (layout === undefined || rdata.length === 0) return [];
  const out: number[] = [];
  let r = 0;
  for (const field of layout) {
    if (field === NAME) {
      out.push(r);
      r = skipName(rdata, r);
    } else if (field === STRING) {
      if (r >= rdata.length) throw new RdataError('RDATA too short');
      r += rdata[r] + 1;
    } else if (field === REST) {
      r = rdata.length;
    } else {
      r += field;
    }
    if (r > rdata.length) throw new RdataError('RDATA too short');
  }
  if (r !== rdata.length) throw new RdataError('RDATA has trailing octets');
  return out;
}

/** Offset just past the uncompressed name at `r`; throws RdataError when malformed. */
export function skipName(rdata: Uint8Array, r: number): number {
  const start = r;
  for (;;) {
    if (r >= rdata.length) throw new RdataError('name runs past the end of the RDATA');
    const len = rdata[r];
    if (len === 0) return r + 1;
    if (len > 63) throw new RdataError('bad label length in RDATA name');
    r += len + 1;
    if (r - start >= 255) throw new RdataError('RDATA name longer than 255 octets');
  }
}
