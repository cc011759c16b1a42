import { EdnsOptionCode, Opcode, RRType } from '@shoal/dns-wire';

const HEADER = 12;
const QR = 0x80;
const RD = 0x01;
const CD = 0x10;
const DO = 0x80;

/**
 * The parts of a plain query that decide its reply, read straight from the
 * packet without allocating names: one question, no answer or authority
 * records, and at most an OPT record. Queries of any other shape take the
 * full decoder (and are not cached).
 */
export interface QueryView {
  id: number;
  rd: boolean;
  cd: boolean;
  /** Offset just past the question name; the name is `buf[12..nameEnd)`, uncompressed. */
  nameEnd: number;
  qtype: number;
  qclass: number;
  edns: boolean;
  udpPayloadSize: number;
  dnssecOk: boolean;
  nsid: boolean;
  /** An empty edns-tcp-keepalive option (RFC 7828): over TCP, the reply says the idle timeout. */
  keepalive: boolean;
  /** Offset of the COOKIE option's data (RFC 7873), or -1; its length is `cookieLength`. */
  cookie: number;
  cookieLength: number;
}

export function viewQuery(buf: Uint8Array): QueryView | undefined {
  if (buf.length < HEADER + 5 || (buf[2] & QR) !== 0 || ((buf[2] >> 3) & 0xf) !== Opcode.QUERY)
    return undefined;
  if (u16(buf, 4) !== 1 || u16(buf, 6) !== 0 || u16(buf, 8) !== 0) return undefined;
  const arcount = u16(buf, 10);
  if (arcount > 1) return undefined;
  let p = HEADER;
  for (let len = buf[p]; len !== 0; len = buf[p]) {
    // Compression pointers and extended label types cannot start a query name.
    if (len > 63) return undefined;
    p += len + 1;
    if (p >= buf.length || p - HEADER > 254) return undefined;
  }
  const nameEnd = p + 1;
  if (nameEnd + 4 > buf.length) return undefined;
  const view: QueryView = {
    id: u16(buf, 0),
    rd: (buf[2] & RD) !== 0,
    cd: (buf[3] & CD) !== 0,
    nameEnd,
    qtype: u16(buf, nameEnd),
    qclass: u16(buf, nameEnd + 2),
    edns: false,
    udpPayloadSize: 512,
    dnssecOk: false,
    nsid: false,
    keepalive: false,
    cookie: -1,
    cookieLength: 0,
  };
  p = nameEnd + 4;
  if (arcount === 0) return p === buf.length ? view : undefined;
  // The OPT record: root owner, type OPT, version 0, options well formed (RFC 6891 §6.1.2).
  if (p + 11 > buf.length || buf[p] !== 0 || u16(buf, p + 1) !== RRType.OPT || buf[p + 6] !== 0)
    return undefined;
  view.edns = true;
  view.udpPayloadSize = u16(buf, p + 3);
  view.dnssecOk = (buf[p + 7] & DO) !== 0;
  const end = p + 11 + u16(buf, p + 9);
  if (end !== buf.length) return undefined;
  for (p += 11; p < end; ) {
    if (p + 4 > end) return undefined;
    const code = u16(buf, p);
    const length = u16(buf, p + 2);
    p += 4 + length;
    if (p > end) return undefined;
    if (code === EdnsOptionCode.NSID) view.nsid = true;
    else if (code === EdnsOptionCode.TCP_KEEPALIVE) {
      // With a TIMEOUT it is malformed in a query (RFC 7828 §3.2.1): the full path answers.
      if (length !== 0) return undefined;
      view.keepalive = true;
    } else if (code === EdnsOptionCode.COOKIE) {
      // Two cookies leave it unclear which to answer: the full decoder's path decides.
      if (view.cookie >= 0) return undefined;
      view.cookie = p - length;
      view.cookieLength = length;
    }
  }
  return view;
}

const scratch = Buffer.alloc(255 + 16);

/**
 * The packet-cache key: the question name lowercased (RFC 4343), type and
 * class, and every query property the reply depends on: RD and CD (echoed),
 * EDNS presence, DO, NSID, edns-tcp-keepalive, the transport, a COOKIE option answered (its 28 octets move the
 * truncation point; the cookie itself is patched into each reply), and the
 * size limit the reply was cut to.
 */
export function cacheKey(
  buf: Uint8Array,
  view: QueryView,
  maxSize: number,
  cookie = false,
  tcp = false,
): string {
  let o = 0;
  for (let p = HEADER; p < view.nameEnd; p++) {
    const c = buf[p];
    scratch[o++] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  }
  scratch[o++] = buf[view.nameEnd];
  scratch[o++] = buf[view.nameEnd + 1];
  scratch[o++] = buf[view.nameEnd + 2];
  scratch[o++] = buf[view.nameEnd + 3];
  scratch[o++] =
    (view.rd ? 1 : 0) |
    (view.cd ? 2 : 0) |
    (view.edns ? 4 : 0) |
    (view.dnssecOk ? 8 : 0) |
    (view.nsid ? 16 : 0) |
    (cookie ? 32 : 0) |
    (view.keepalive ? 64 : 0) |
    // The transport, too: with a 65535-octet UDP limit the size alone does not tell them apart,
    // and ANY over UDP and edns-tcp-keepalive differ between them.
    (tcp ? 128 : 0);
  scratch[o++] = maxSize >> 8;
  scratch[o++] = maxSize & 0xff;
  return scratch.toString('latin1', 0, o);
}

function u16(buf: Uint8Array, p: number): number {
  return (buf[p] << 8) | buf[p + 1];
}
