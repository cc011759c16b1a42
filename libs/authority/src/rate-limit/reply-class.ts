/**
 * What a reply is, for response rate limiting: read straight from the reply's octets (it may
 * come from the packet cache), without decoding records. Positive answers are told apart by
 * the question name; NXDOMAIN, NODATA and referrals by the owner of the first authority
 * record (the zone's SOA, or the delegation's NS), so a flood of random names under one zone
 * fills one bucket, not one per name; errors by their RCODE alone.
 */
const HEADER = 12;

function u16(b: Uint8Array, p: number): number {
  return (b[p] << 8) | b[p + 1];
}

/** Offset just past the (possibly compressed) name at `p`, or -1 when it runs off the end. */
export function skipName(b: Uint8Array, p: number): number {
  while (p < b.length) {
    const len = b[p];
    if (len === 0) return p + 1;
    if ((len & 0xc0) === 0xc0) return p + 2 <= b.length ? p + 2 : -1;
    p += len + 1;
  }
  return -1;
}

/** Offset just past the resource record at `p`, or -1. */
export function skipRecord(b: Uint8Array, p: number): number {
  const q = skipName(b, p);
  if (q < 0 || q + 10 > b.length) return -1;
  const end = q + 10 + u16(b, q + 8);
  return end <= b.length ? end : -1;
}

/** The name at `p`, lower-cased wire labels as a latin1 string; pointers followed (bounded). */
export function nameKey(b: Uint8Array, p: number): string | undefined {
  let out = '';
  for (let hops = 0; hops < 64 && p < b.length; ) {
    const len = b[p];
    if (len === 0) return out;
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= b.length) return undefined;
      p = ((len & 0x3f) << 8) | b[p + 1];
      hops++;
      continue;
    }
    if (p + 1 + len > b.length) return undefined;
    out += String.fromCharCode(len);
    for (let i = p + 1; i <= p + len; i++) {
      const c = b[i];
      out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
    }
    p += len + 1;
  }
  return undefined;
}

/** Offset of the first record after the question section, or -1. */
export function questionEnd(b: Uint8Array): number {
  let p = HEADER;
  for (let i = u16(b, 4); i > 0; i--) {
    p = skipName(b, p);
    if (p < 0 || p + 4 > b.length) return -1;
    p += 4;
  }
  return p;
}

/**
 * The class-and-name part of a reply's rate-limit bucket, or undefined for a reply that
 * cannot be read (it is then not limited: the answer engine made it, so it is well formed).
 */
export function replyClass(b: Uint8Array): string | undefined {
  if (b.length < HEADER) return undefined;
  const rcode = b[3] & 0x0f;
  const answers = u16(b, 6);
  const authorities = u16(b, 8);
  if (rcode === 0 && answers > 0) {
    // RFC 1035 §4.1.2: the question name, uncompressed, right after the header.
    if (u16(b, 4) === 0) return undefined;
    const name = nameKey(b, HEADER);
    return name === undefined ? undefined : `A${name}`;
  }
  if ((rcode === 0 || rcode === 3) && authorities > 0) {
    let p = questionEnd(b);
    for (let i = 0; i < answers && p >= 0; i++) p = skipRecord(b, p);
    if (p < 0) return undefined;
    const name = nameKey(b, p);
    if (name === undefined) return undefined;
    return `${rcode === 3 ? 'X' : 'E'}${name}`;
  }
  return `R${rcode}`;
}
