import type { Name } from './name.js';

/** One entry of the question section (RFC 1035 §4.1.2). */
export interface Question {
  name: Name;
  type: number;
  class: number;
}

/** A resource record; `rdata` is always the uncompressed wire form. */
export interface ResourceRecord {
  name: Name;
  type: number;
  class: number;
  ttl: number;
  rdata: Uint8Array;
}

/** One EDNS(0) option (RFC 6891 §6.1.2): the code and its raw data. */
export interface EdnsOption {
  code: number;
  data: Uint8Array;
}

/**
 * The OPT pseudo-record, spread into fields (RFC 6891 §6.1.3).
 * `extendedRcode` is the upper 8 bits as on the wire; `flags` is the whole
 * 16-bit field, of which `dnssecOk` is the top bit (RFC 3225).
 */
export interface Edns {
  udpPayloadSize: number;
  extendedRcode: number;
  version: number;
  dnssecOk: boolean;
  flags: number;
  options: EdnsOption[];
}

/** A DNS message (RFC 1035 §4.1). */
export interface Message {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  z: boolean;
  ad: boolean;
  cd: boolean;
  /** Full 12-bit RCODE when EDNS is present: header 4 bits | extendedRcode << 4. */
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  /** Without the OPT record, which is spread into `edns`. */
  additionals: ResourceRecord[];
  /** Present iff an OPT RR was in the additional section. */
  edns?: Edns;
}

/** Header flag bits in the second 16-bit word (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD/CD). */
export const HeaderFlag = {
  QR: 0x8000,
  AA: 0x0400,
  TC: 0x0200,
  RD: 0x0100,
  RA: 0x0080,
  Z: 0x0040,
  AD: 0x0020,
  CD: 0x0010,
} as const;

/** The DO bit in the OPT flags field (RFC 3225 §3). */
export const EDNS_DO = 0x8000;

/** Size of the fixed message header. */
export const HEADER_SIZE = 12;
