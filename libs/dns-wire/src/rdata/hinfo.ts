import { characterStringFromText, quotedText } from './character-string.js';
import type { RdataCodec } from './codec.js';

/** HINFO (RFC 1035 §3.3.2; RFC 8482 §4.2 for its use in minimal ANY answers). */
export interface HINFORdata {
  type: 'HINFO';
  cpu: Uint8Array;
  os: Uint8Array;
}

export const hinfoCodec: RdataCodec<HINFORdata> = {
  type: 'HINFO',
  decode: (r) => ({ type: 'HINFO', cpu: r.string(), os: r.string() }),
  encode: (v, b) => {
    b.string(v.cpu);
    b.string(v.os);
  },
  toText: (v) => `${quotedText(v.cpu)} ${quotedText(v.os)}`,
  fromText: (t) => ({
    type: 'HINFO',
    cpu: characterStringFromText(t.text('cpu')),
    os: characterStringFromText(t.text('os')),
  }),
};
