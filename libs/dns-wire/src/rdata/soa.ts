import type { Name } from '../name.js';
import { ttlFromText } from '../ttl.js';
import type { RdataCodec } from './codec.js';

/** SOA (RFC 1035 §3.3.13). */
export interface SOARdata {
  type: 'SOA';
  mname: Name;
  rname: Name;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export const soaCodec: RdataCodec<SOARdata> = {
  type: 'SOA',
  decode: (r) => ({
    type: 'SOA',
    mname: r.name(),
    rname: r.name(),
    serial: r.u32(),
    refresh: r.u32(),
    retry: r.u32(),
    expire: r.u32(),
    minimum: r.u32(),
  }),
  encode: (v, b) => {
    b.name(v.mname);
    b.name(v.rname);
    b.u32(v.serial);
    b.u32(v.refresh);
    b.u32(v.retry);
    b.u32(v.expire);
    b.u32(v.minimum);
  },
  toText: (v) => `${v.mname} ${v.rname} ${v.serial} ${v.refresh} ${v.retry} ${v.expire} ${v.minimum}`,
  // BIND accepts TTL units (1h, 2w) in the timer fields, and so do we; the serial is a plain number.
  fromText: (t) => ({
    type: 'SOA',
    mname: t.name('mname'),
    rname: t.name('rname'),
    serial: t.u32('serial'),
    refresh: ttlFromText(t.text('refresh')),
    retry: ttlFromText(t.text('retry')),
    expire: ttlFromText(t.text('expire')),
    minimum: ttlFromText(t.text('minimum')),
  }),
};
