import { RRType, rcodeToString, rrTypeToString } from '@shoal/dns-wire';

/**
 * Label values for the query counters. Every dimension is a small fixed set so that a client
 * sending random QTYPEs cannot grow the number of time series (Prometheus cardinality): types
 * outside the list count as `other`. Pure.
 */

/** QTYPEs that get a label of their own; everything else is `other`. */
const LABELLED_TYPES: readonly number[] = [
  RRType.A,
  RRType.NS,
  RRType.CNAME,
  RRType.SOA,
  RRType.PTR,
  RRType.HINFO,
  RRType.MX,
  RRType.TXT,
  RRType.AAAA,
  RRType.LOC,
  RRType.SRV,
  RRType.NAPTR,
  RRType.CERT,
  RRType.DNAME,
  RRType.DS,
  RRType.SSHFP,
  RRType.RRSIG,
  RRType.NSEC,
  RRType.DNSKEY,
  RRType.NSEC3,
  RRType.NSEC3PARAM,
  RRType.TLSA,
  RRType.SMIMEA,
  RRType.CDS,
  RRType.CDNSKEY,
  RRType.OPENPGPKEY,
  RRType.ZONEMD,
  RRType.SVCB,
  RRType.HTTPS,
  RRType.SPF,
  RRType.TSIG,
  RRType.IXFR,
  RRType.AXFR,
  RRType.ANY,
  RRType.URI,
  RRType.CAA,
];

/** Slot 0: a type outside the list; slot 1: no readable question. */
export const QTYPE_OTHER = 0;
export const QTYPE_NONE = 1;
export const QTYPE_LABELS: readonly string[] = ['other', 'none', ...LABELLED_TYPES.map(rrTypeToString)];
export const QTYPE_SLOTS = QTYPE_LABELS.length;

/** QTYPE value → slot, for every 16-bit value (one lookup on the query path). */
export const QTYPE_SLOT = new Uint8Array(65536);
LABELLED_TYPES.forEach((type, i) => {
  QTYPE_SLOT[type] = i + 2;
});

/** The header RCODE (4 bits), plus one slot for queries that got no reply at all. */
export const RCODE_NO_REPLY = 16;
export const RCODE_SLOTS = 17;
export const RCODE_LABELS: readonly string[] = [
  ...Array.from({ length: 16 }, (_, i) => rcodeToString(i)),
  'no_reply',
];

/** QUERY, NOTIFY, UPDATE and everything else (IQUERY, STATUS, unassigned). */
export const OPCODE_LABELS: readonly string[] = ['QUERY', 'NOTIFY', 'UPDATE', 'other'];
export const OPCODE_SLOTS = OPCODE_LABELS.length;
export const OPCODE_SLOT = new Uint8Array(16).fill(3);
OPCODE_SLOT[0] = 0;
OPCODE_SLOT[4] = 1;
OPCODE_SLOT[5] = 2;

export const TRANSPORT_LABELS: readonly string[] = ['udp', 'tcp'];
export const TRANSPORT_SLOTS = 2;

/** Index of one counter in the flat array: transport, opcode, qtype slot, rcode slot. */
export function counterIndex(transport: number, opcode: number, qtype: number, rcode: number): number {
  return ((transport * OPCODE_SLOTS + opcode) * QTYPE_SLOTS + qtype) * RCODE_SLOTS + rcode;
}

export const COUNTER_SLOTS = TRANSPORT_SLOTS * OPCODE_SLOTS * QTYPE_SLOTS * RCODE_SLOTS;

/** The labels of a counter index (the inverse of counterIndex). */
export function counterLabels(index: number): {
  transport: string;
  opcode: string;
  qtype: string;
  rcode: string;
} {
  const rcode = index % RCODE_SLOTS;
  index = (index - rcode) / RCODE_SLOTS;
  const qtype = index % QTYPE_SLOTS;
  index = (index - qtype) / QTYPE_SLOTS;
  const opcode = index % OPCODE_SLOTS;
  const transport = (index - opcode) / OPCODE_SLOTS;
  return {
    transport: TRANSPORT_LABELS[transport],
    opcode: OPCODE_LABELS[opcode],
    qtype: QTYPE_LABELS[qtype],
    rcode: RCODE_LABELS[rcode],
  };
}
