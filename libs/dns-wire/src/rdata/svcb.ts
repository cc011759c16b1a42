import { RdataError } from '../errors.js';
import type { Name } from '../name.js';
import type { RdataCodec } from './codec.js';
import type { RdataReader } from './rdata-reader.js';
import {
  checkSvcValue,
  type SvcParam,
  svcKeyFromText,
  svcParamToText,
  svcValueFromText,
} from './svc-params.js';
import type { TextCursor } from './text-cursor.js';

/** SVCB and HTTPS (RFC 9460 §2.2): priority 0 is AliasMode; params are kept in key order. */
export interface ServiceBindingRdata<T extends 'SVCB' | 'HTTPS'> {
  type: T;
  priority: number;
  target: Name;
  params: SvcParam[];
}

export type SVCBRdata = ServiceBindingRdata<'SVCB'>;
export type HTTPSRdata = ServiceBindingRdata<'HTTPS'>;

function readParams(r: RdataReader): SvcParam[] {
  const params: SvcParam[] = [];
  let last = -1;
  while (r.remaining > 0) {
    const key = r.u16();
    // RFC 9460 §2.2: keys strictly increasing, so each appears once.
    if (key <= last) r.fail('SvcParamKeys out of order or repeated');
    const value = r.bytes(r.u16());
    checkSvcValue(key, value);
    params.push({ key, value });
    last = key;
  }
  return params;
}

/**
 * `key=value` pairs; the lexer splits `key="quoted value"` into `key=` and a
 * quoted token, which are joined again when adjacent.
 */
function paramsFromText(t: TextCursor): SvcParam[] {
  const params: SvcParam[] = [];
  while (t.more()) {
    const token = t.next('SvcParam');
    if (token.quoted) t.fail(`unexpected quoted string "${token.text}"`);
    const eq = token.text.indexOf('=');
    const keyText = eq < 0 ? token.text : token.text.slice(0, eq);
    let value: string | undefined = eq < 0 ? undefined : token.text.slice(eq + 1);
    const next = t.peek();
    if (
      value === '' &&
      next?.quoted &&
      next.line === token.line &&
      next.column === token.column + token.text.length
    ) {
      value = t.next('value').text;
    }
    const key = svcKeyFromText(keyText.toLowerCase());
    params.push({ key, value: svcValueFromText(key, value) });
  }
  params.sort((a, b) => a.key - b.key);
  for (let i = 1; i < params.length; i++) {
    if (params[i].key === params[i - 1].key) throw new RdataError(`${t.what}: SvcParamKey repeated`);
  }
  return params;
}

function serviceBindingCodec<T extends 'SVCB' | 'HTTPS'>(type: T): RdataCodec<ServiceBindingRdata<T>> {
  return {
    type,
    decode: (r) => ({ type, priority: r.u16(), target: r.name(), params: readParams(r) }),
    encode: (v, b) => {
      b.u16(v.priority);
      b.name(v.target);
      const params = [...v.params].sort((x, y) => x.key - y.key);
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        if (i > 0 && params[i - 1].key === p.key) throw new RdataError(`${type}: SvcParamKey repeated`);
        checkSvcValue(p.key, p.value);
        b.u16(p.key);
        b.u16(p.value.length);
        b.bytes(p.value);
      }
    },
    toText: (v) => [`${v.priority}`, v.target.toString(), ...v.params.map(svcParamToText)].join(' '),
    fromText: (t) => ({
      type,
      priority: t.u16('priority'),
      target: t.name('target'),
      params: paramsFromText(t),
    }),
  };
}

export const svcbCodec = serviceBindingCodec('SVCB');
export const httpsCodec = serviceBindingCodec('HTTPS');
