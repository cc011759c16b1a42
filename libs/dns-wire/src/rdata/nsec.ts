import type { Name } from '../name.js';
import type { RdataCodec } from './codec.js';
import { readTypeBitmap, typeBitmapFromText, typeBitmapToText, writeTypeBitmap } from './type-bitmap.js';

/** NSEC (RFC 4034 §4.1). The next name keeps its case (RFC 6840 §5.1). */
export interface NSECRdata {
  type: 'NSEC';
  next: Name;
  types: number[];
}

export const nsecCodec: RdataCodec<NSECRdata> = {
  type: 'NSEC',
  decode: (r) => ({ type: 'NSEC', next: r.name(), types: readTypeBitmap(r) }),
  encode: (v, b) => {
    b.name(v.next);
    writeTypeBitmap(v.types, b);
  },
  toText: (v) => (v.types.length === 0 ? v.next.toString() : `${v.next} ${typeBitmapToText(v.types)}`),
  fromText: (t) => ({ type: 'NSEC', next: t.name('next domain name'), types: typeBitmapFromText(t) }),
};
