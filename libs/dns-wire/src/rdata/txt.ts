import { characterStringFromText, quotedText } from './character-string.js';
import type { RdataCodec } from './codec.js';

/**
 * TXT (RFC 1035 §3.3.14) and SPF (RFC 4408 §3.1.1, same format): one or more
 * <character-string>s, kept as octets because they need not be UTF-8.
 */
export interface TextRdata<T extends 'TXT' | 'SPF'> {
  type: T;
  strings: Uint8Array[];
}

export type TXTRdata = TextRdata<'TXT'>;
export type SPFRdata = TextRdata<'SPF'>;

function textCodec<T extends 'TXT' | 'SPF'>(type: T): RdataCodec<TextRdata<T>> {
  return {
    type,
    decode: (r) => {
      const strings: Uint8Array[] = [];
      do strings.push(r.string());
      while (r.remaining > 0);
      return { type, strings };
    },
    encode: (v, b) => {
      if (v.strings.length === 0) b.string(new Uint8Array(0));
      for (const s of v.strings) b.string(s);
    },
    toText: (v) => (v.strings.length === 0 ? '""' : v.strings.map((s) => quotedText(s)).join(' ')),
    fromText: (t) => {
      const strings: Uint8Array[] = [characterStringFromText(t.text('text'))];
      while (t.more()) strings.push(characterStringFromText(t.text('text')));
      return { type, strings };
    },
  };
}

export const txtCodec = textCodec('TXT');
export const spfCodec = textCodec('SPF');
