/**
 * Reads the few header and question fields the meters need straight from the query bytes,
 * without decoding the message: the answer engine decodes it again anyway, and these run on
 * every packet. Pure.
 */

const HEADER = 12;

/** Offset just past the question name, or -1 when there is no readable uncompressed name. */
function questionNameEnd(q: Uint8Array): number {
  if (q.length < HEADER || ((q[4] << 8) | q[5]) === 0) return -1;
  let i = HEADER;
  while (i < q.length) {
    const len = q[i];
    if (len === 0) return i + 1;
    // A pointer or reserved label type in a query's question: not something we label.
    if (len > 63) return -1;
    i += len + 1;
  }
  return -1;
}

/** The first question's QTYPE, or -1. */
export function questionType(q: Uint8Array): number {
  const end = questionNameEnd(q);
  if (end < 0 || end + 2 > q.length) return -1;
  return (q[end] << 8) | q[end + 1];
}

/** The OPCODE of a message of at least 3 octets (0 for shorter ones). */
export function opcodeOf(q: Uint8Array): number {
  return q.length > 2 ? (q[2] >> 3) & 0x0f : 0;
}

const PLAIN = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789-_*') PLAIN[c.charCodeAt(0)] = 1;

/**
 * The first question's name in presentation form, lower-cased, with anything but letters,
 * digits, `-`, `_` and `*` escaped as \DDD (names come from strangers and end up in HTML and
 * logs); undefined when unreadable.
 */
export function questionName(q: Uint8Array): string | undefined {
  const end = questionNameEnd(q);
  if (end < 0) return undefined;
  if (end === HEADER + 1) return '.';
  let out = '';
  let i = HEADER;
  while (q[i] !== 0) {
    const len = q[i++];
    for (let j = 0; j < len; j++) {
      let c = q[i + j];
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      out += PLAIN[c] ? String.fromCharCode(c) : `\\${String(c).padStart(3, '0')}`;
    }
    out += '.';
    i += len;
  }
  return out;
}
