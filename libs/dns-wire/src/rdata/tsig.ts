import { RdataError } from '../errors.js';
import type { Name } from '../name.js';
import { base64FromText, base64ToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** TSIG (RFC 8945 §4.2). Only ever in messages, never in zones. */
export interface TSIGRdata {
  type: 'TSIG';
  algorithm: Name;
  /** Seconds since the epoch, 48 bits. */
  timeSigned: number;
  fudge: number;
  mac: Uint8Array;
  originalId: number;
  error: number;
  other: Uint8Array;
}

/** TSIG error names as BIND prints them (RFC 8945 §3; 16 is BADSIG here, not BADVERS). */
const TSIG_ERRORS: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  19: 'BADMODE',
  20: 'BADNAME',
  21: 'BADALG',
  22: 'BADTRUNC',
};

function errorFromText(text: string): number {
  const upper = text.toUpperCase();
  for (const [code, name] of Object.entries(TSIG_ERRORS)) if (name === upper) return Number(code);
  if (/^\d{1,5}$/.test(text) && Number(text) <= 0xffff) return Number(text);
  throw new RdataError(`TSIG: bad error '${text}'`);
}

function dataFromText(length: number, text: string | undefined, what: string): Uint8Array {
  if (length === 0) return new Uint8Array(0);
  const data = base64FromText(text ?? '', `TSIG ${what}`);
  if (data.length !== length)
    throw new RdataError(`TSIG ${what} is ${data.length} octets, its size says ${length}`);
  return data;
}

export const tsigCodec: RdataCodec<TSIGRdata> = {
  type: 'TSIG',
  decode: (r) => ({
    type: 'TSIG',
    algorithm: r.name(),
    timeSigned: r.u48(),
    fudge: r.u16(),
    mac: r.bytes(r.u16()),
    originalId: r.u16(),
    error: r.u16(),
    other: r.bytes(r.u16()),
  }),
  encode: (v, b) => {
    b.name(v.algorithm);
    b.u48(v.timeSigned);
    b.u16(v.fudge);
    b.u16(v.mac.length);
    b.bytes(v.mac);
    b.u16(v.originalId);
    b.u16(v.error);
    b.u16(v.other.length);
    b.bytes(v.other);
  },
  toText: (v) => {
    const mac = v.mac.length === 0 ? '' : ` ${base64ToText(v.mac).replace(/ /g, '')}`;
    const other = v.other.length === 0 ? '' : ` ${base64ToText(v.other).replace(/ /g, '')}`;
    const error = TSIG_ERRORS[v.error] ?? `${v.error}`;
    return `${v.algorithm} ${v.timeSigned} ${v.fudge} ${v.mac.length}${mac} ${v.originalId} ${error} ${v.other.length}${other}`;
  },
  fromText: (t) => {
    const algorithm = t.name('algorithm');
    const timeSigned = t.int('time signed', 0xffffffffffff);
    const fudge = t.u16('fudge');
    const macSize = t.u16('MAC size');
    const mac = dataFromText(macSize, macSize ? t.text('MAC') : undefined, 'MAC');
    const originalId = t.u16('original ID');
    const error = errorFromText(t.text('error'));
    const otherLen = t.u16('other length');
    const other = dataFromText(otherLen, otherLen ? t.text('other data') : undefined, 'other data');
    return { type: 'TSIG', algorithm, timeSigned, fudge, mac, originalId, error, other };
  },
};
