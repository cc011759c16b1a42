import { quotedText, unescapeText } from './character-string.js';
import type { RdataCodec } from './codec.js';

/** URI (RFC 7553 §4.5): the target is the rest of the RDATA, quoted in presentation form. */
export interface URIRdata {
  type: 'URI';
  priority: number;
  weight: number;
  target: Uint8Array;
}

export const uriCodec: RdataCodec<URIRdata> = {
  type: 'URI',
  decode: (r) => ({ type: 'URI', priority: r.u16(), weight: r.u16(), target: r.rest() }),
  encode: (v, b) => {
    b.u16(v.priority);
    b.u16(v.weight);
    b.bytes(v.target);
  },
  toText: (v) => `${v.priority} ${v.weight} ${quotedText(v.target)}`,
  fromText: (t) => ({
    type: 'URI',
    priority: t.u16('priority'),
    weight: t.u16('weight'),
    target: unescapeText(t.text('target')),
  }),
};
