import type { Name } from '../name.js';
import type { RdataCodec } from './codec.js';

/** SRV (RFC 2782). The target is never compressed on write (RFC 2782, RFC 3597 §4). */
export interface SRVRdata {
  type: 'SRV';
  priority: number;
  weight: number;
  port: number;
  target: Name;
}

export const srvCodec: RdataCodec<SRVRdata> = {
  type: 'SRV',
  decode: (r) => ({ type: 'SRV', priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() }),
  encode: (v, b) => {
    b.u16(v.priority);
    b.u16(v.weight);
    b.u16(v.port);
    b.name(v.target);
  },
  toText: (v) => `${v.priority} ${v.weight} ${v.port} ${v.target}`,
  fromText: (t) => ({
    type: 'SRV',
    priority: t.u16('priority'),
    weight: t.u16('weight'),
    port: t.u16('port'),
    target: t.name('target'),
  }),
};
