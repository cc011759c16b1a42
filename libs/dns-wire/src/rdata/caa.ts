import { RdataError } from '../errors.js';
import { quotedText, unescapeText } from './character-string.js';
import type { RdataCodec } from './codec.js';

/** CAA (RFC 8659 §4.1): the value is the rest of the RDATA, not a length-prefixed string. */
export interface CAARdata {
  type: 'CAA';
  flags: number;
  tag: string;
  value: Uint8Array;
}

function checkTag(tag: string): string {
  // RFC 8659 §4.1: a non-empty tag of US-ASCII letters and digits.
  if (!/^[A-Za-z0-9]{1,255}$/.test(tag)) throw new RdataError(`CAA: bad tag '${tag}'`);
  return tag;
}

export const caaCodec: RdataCodec<CAARdata> = {
  type: 'CAA',
  decode: (r) => {
    const flags = r.u8();
    const tag = checkTag(Buffer.from(r.string()).toString('latin1'));
    return { type: 'CAA', flags, tag, value: r.rest() };
  },
  encode: (v, b) => {
    b.u8(v.flags);
    b.string(Buffer.from(checkTag(v.tag), 'latin1'));
    b.bytes(v.value);
  },
  toText: (v) => `${v.flags} ${v.tag} ${quotedText(v.value)}`,
  fromText: (t) => ({
    type: 'CAA',
    flags: t.u8('flags'),
    tag: checkTag(t.text('tag')),
    value: unescapeText(t.text('value')),
  }),
};
