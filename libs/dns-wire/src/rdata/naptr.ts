import type { Name } from '../name.js';
import { characterStringFromText, quotedText } from './character-string.js';
import type { RdataCodec } from './codec.js';

/** NAPTR (RFC 3403 §4.1). */
export interface NAPTRRdata {
  type: 'NAPTR';
  order: number;
  preference: number;
  flags: Uint8Array;
  services: Uint8Array;
  regexp: Uint8Array;
  replacement: Name;
}

export const naptrCodec: RdataCodec<NAPTRRdata> = {
  type: 'NAPTR',
  decode: (r) => ({
    type: 'NAPTR',
    order: r.u16(),
    preference: r.u16(),
    flags: r.string(),
    services: r.string(),
    regexp: r.string(),
    replacement: r.name(),
  }),
  encode: (v, b) => {
    b.u16(v.order);
    b.u16(v.preference);
    b.string(v.flags);
    b.string(v.services);
    b.string(v.regexp);
    b.name(v.replacement);
  },
  toText: (v) =>
    `${v.order} ${v.preference} ${quotedText(v.flags)} ${quotedText(v.services)} ${quotedText(v.regexp)} ${v.replacement}`,
  fromText: (t) => ({
    type: 'NAPTR',
    order: t.u16('order'),
    preference: t.u16('preference'),
    flags: characterStringFromText(t.text('flags')),
    services: characterStringFromText(t.text('services')),
    regexp: characterStringFromText(t.text('regexp')),
    replacement: t.name('replacement'),
  }),
};
