import type { Name } from '../name.js';
import type { RdataCodec } from './codec.js';

/** MX (RFC 1035 §3.3.9). */
export interface MXRdata {
  type: 'MX';
  preference: number;
  exchange: Name;
}

export const mxCodec: RdataCodec<MXRdata> = {
  type: 'MX',
  decode: (r) => ({ type: 'MX', preference: r.u16(), exchange: r.name() }),
  encode: (v, b) => {
    b.u16(v.preference);
    b.name(v.exchange);
  },
  toText: (v) => `${v.preference} ${v.exchange}`,
  fromText: (t) => ({ type: 'MX', preference: t.u16('preference'), exchange: t.name('exchange') }),
};
