import { RdataError } from './errors.js';

/**
 * Resource record TYPE values, keyed by IANA mnemonic
 * (https://www.iana.org/assignments/dns-parameters, "Resource Record (RR) TYPEs").
 */
export const RRType = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  'NSAP-PTR': 23,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  EID: 31,
  NIMLOC: 32,
  SRV: 33,
  ATMA: 34,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  SINK: 40,
  OPT: 41,
  APL: 42,
  DS: 43,
  SSHFP: 44,
  IPSECKEY: 45,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  HIP: 55,
  NINFO: 56,
  RKEY: 57,
  TALINK: 58,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  SVCB: 64,
  HTTPS: 65,
  DSYNC: 66,
  SPF: 99,
  UINFO: 100,
  UID: 101,
  GID: 102,
  UNSPEC: 103,
  NID: 104,
  L32: 105,
  L64: 106,
  LP: 107,
  EUI48: 108,
  EUI64: 109,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  URI: 256,
  CAA: 257,
  AVC: 258,
  DOA: 259,
  AMTRELAY: 260,
  RESINFO: 261,
  WALLET: 262,
  TA: 32768,
  DLV: 32769,
} as const;

/** CLASS values (RFC 1035 §3.2.4, RFC 2136 §2.4 for NONE). */
export const RRClass = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 } as const;

/**
 * RCODE values (RFC 1035 §4.1.1, RFC 2136, RFC 6891, RFC 8945, RFC 7873).
 * 16 is both BADVERS (OPT) and BADSIG (TSIG); the name printed is BADVERS, as BIND does.
 */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
  BADSIG: 16,
  BADKEY: 17,
  BADTIME: 18,
  BADMODE: 19,
  BADNAME: 20,
  BADALG: 21,
  BADTRUNC: 22,
  BADCOOKIE: 23,
} as const;

/** OPCODE values (RFC 1035 §4.1.1, RFC 1996 NOTIFY, RFC 2136 UPDATE). */
export const Opcode = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;

/** EDNS(0) option codes (IANA "DNS EDNS0 Option Codes (OPT)"). */
export const EdnsOptionCode = {
  LLQ: 1,
  UL: 2,
  NSID: 3,
  DAU: 5,
  DHU: 6,
  N3U: 7,
  CLIENT_SUBNET: 8,
  EXPIRE: 9,
  COOKIE: 10,
  TCP_KEEPALIVE: 11,
  PADDING: 12,
  CHAIN: 13,
  KEY_TAG: 14,
  EXTENDED_ERROR: 15,
  CLIENT_TAG: 16,
  SERVER_TAG: 17,
  REPORT_CHANNEL: 18,
  ZONEVERSION: 19,
} as const;

/** Extended DNS Error INFO-CODEs (RFC 8914 §4, IANA registry). */
export const ExtendedErrorCode = {
  OTHER: 0,
  UNSUPPORTED_DNSKEY_ALGORITHM: 1,
  UNSUPPORTED_DS_DIGEST_TYPE: 2,
  STALE_ANSWER: 3,
  FORGED_ANSWER: 4,
  DNSSEC_INDETERMINATE: 5,
  DNSSEC_BOGUS: 6,
  SIGNATURE_EXPIRED: 7,
  SIGNATURE_NOT_YET_VALID: 8,
  DNSKEY_MISSING: 9,
  RRSIGS_MISSING: 10,
  NO_ZONE_KEY_BIT_SET: 11,
  NSEC_MISSING: 12,
  CACHED_ERROR: 13,
  NOT_READY: 14,
  BLOCKED: 15,
  CENSORED: 16,
  FILTERED: 17,
  PROHIBITED: 18,
  STALE_NXDOMAIN_ANSWER: 19,
  NOT_AUTHORITATIVE: 20,
  NOT_SUPPORTED: 21,
  NO_REACHABLE_AUTHORITY: 22,
  NETWORK_ERROR: 23,
  INVALID_DATA: 24,
} as const;

function invert(table: Record<string, number>): Map<number, string> {
  const out = new Map<number, string>();
  // First mnemonic wins, so aliases listed later (BADSIG) do not shadow the primary name.
  for (const [name, code] of Object.entries(table)) if (!out.has(code)) out.set(code, name);
  return out;
}

function lookup(table: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, code] of Object.entries(table)) out.set(name.toUpperCase(), code);
  return out;
}

const typeNames = invert(RRType);
const typeCodes = lookup(RRType);
const classNames = invert(RRClass);
const classCodes = lookup(RRClass);
const rcodeNames = invert(Rcode);
const opcodeNames = invert(Opcode);

/** Mnemonic for a TYPE value, or the RFC 3597 §5 form `TYPE65534`. */
export function rrTypeToString(code: number): string {
  return typeNames.get(code) ?? `TYPE${code}`;
}

function parseGeneric(text: string, prefix: string, what: string): number {
  const digits = text.slice(prefix.length);
  if (text.length > prefix.length && text.length <= prefix.length + 5 && /^[0-9]+$/.test(digits)) {
    const value = Number(digits);
    if (value <= 0xffff) return value;
  }
  throw new RdataError(`unknown ${what} '${text}'`);
}

/** TYPE value for a mnemonic (case-insensitive) or `TYPEnnn`; throws RdataError otherwise. */
export function rrTypeFromString(text: string): number {
  const upper = text.toUpperCase();
  const code = typeCodes.get(upper);
  if (code !== undefined) return code;
  if (upper.startsWith('TYPE')) return parseGeneric(upper, 'TYPE', 'type');
  throw new RdataError(`unknown type '${text}'`);
}

/** True when `text` names a TYPE (mnemonic or `TYPEnnn`). */
export function isRRTypeText(text: string): boolean {
  const upper = text.toUpperCase();
  return typeCodes.has(upper) || /^TYPE[0-9]{1,5}$/.test(upper);
}

/** Mnemonic for a CLASS value, or the RFC 3597 §5 form `CLASS32`. */
export function rrClassToString(code: number): string {
  return classNames.get(code) ?? `CLASS${code}`;
}

/** CLASS value for a mnemonic (case-insensitive) or `CLASSnnn`; throws RdataError otherwise. */
export function rrClassFromString(text: string): number {
  const upper = text.toUpperCase();
  const code = classCodes.get(upper);
  if (code !== undefined) return code;
  if (upper.startsWith('CLASS')) return parseGeneric(upper, 'CLASS', 'class');
  throw new RdataError(`unknown class '${text}'`);
}

/** True when `text` names a CLASS (mnemonic or `CLASSnnn`). */
export function isRRClassText(text: string): boolean {
  const upper = text.toUpperCase();
  return classCodes.has(upper) || /^CLASS[0-9]{1,5}$/.test(upper);
}

/** Mnemonic for an RCODE, or `RCODE<n>` when unassigned. */
export function rcodeToString(code: number): string {
  return rcodeNames.get(code) ?? `RCODE${code}`;
}

/** Mnemonic for an OPCODE, or `OPCODE<n>` when unassigned. */
export function opcodeToString(code: number): string {
  return opcodeNames.get(code) ?? `OPCODE${code}`;
}
