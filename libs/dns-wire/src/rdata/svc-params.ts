import { RdataError } from '../errors.js';
import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from '../ip-address.js';
import { base64FromText, base64ToText } from './base-encoding.js';
import { quotedText, unescapeText } from './character-string.js';

/** SvcParamKeys (RFC 9460 §14.3.2; dohpath RFC 9461, ohttp RFC 9540). */
export const SvcParamKey = {
  mandatory: 0,
  alpn: 1,
  'no-default-alpn': 2,
  port: 3,
  ipv4hint: 4,
  ech: 5,
  ipv6hint: 6,
  dohpath: 7,
  ohttp: 8,
} as const;

/** One SvcParam in wire form: the key and its raw value. */
export interface SvcParam {
  key: number;
  value: Uint8Array;
}

/**
 * Keys printed by name: those of RFC 9460 itself. Later keys (dohpath,
 * ohttp) are printed as `keyNNNNN`, which every parser must accept (§2.1),
 * so the output loads in tools that predate them, as BIND 9.18 prints them.
 */
const PRINTED_BY_NAME = 6;
const keyNames = new Map<number, string>(Object.entries(SvcParamKey).map(([name, key]) => [key, name]));

export function svcKeyToText(key: number): string {
  return (key <= PRINTED_BY_NAME ? keyNames.get(key) : undefined) ?? `key${key}`;
}

export function svcKeyFromText(text: string): number {
  const known = SvcParamKey[text as keyof typeof SvcParamKey];
  if (known !== undefined) return known;
  const m = /^key(\d{1,5})$/.exec(text);
  if (m && Number(m[1]) <= 0xffff) return Number(m[1]);
  throw new RdataError(`unknown SvcParamKey '${text}'`);
}

const fail = (key: number, reason: string): never => {
  throw new RdataError(`SvcParam ${svcKeyToText(key)}: ${reason}`);
};

/**
 * Splits a value-list (RFC 9460 Appendix A.1) on commas not escaped by a
 * backslash, resolving `\,` and `\\` inside the items.
 */
function splitValueList(data: Uint8Array): Uint8Array[] {
  const items: Uint8Array[] = [];
  let current: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 0x5c && i + 1 < data.length) {
      current.push(data[++i]);
    } else if (c === 0x2c) {
      items.push(Uint8Array.from(current));
      current = [];
    } else {
      current.push(c);
    }
  }
  items.push(Uint8Array.from(current));
  return items;
}

function textList(value: string): string[] {
  return value.split(',');
}

/** Checks a value read from the wire, so that its presentation form exists (RFC 9460 §7). */
export function checkSvcValue(key: number, v: Uint8Array): void {
  switch (key) {
    case SvcParamKey.mandatory:
      if (v.length === 0 || v.length % 2 !== 0) fail(key, 'bad length');
      for (let i = 2; i < v.length; i += 2) {
        if (((v[i] << 8) | v[i + 1]) <= ((v[i - 2] << 8) | v[i - 1]))
          fail(key, 'keys not in increasing order');
      }
      break;
    case SvcParamKey.alpn:
      if (v.length === 0) fail(key, 'empty');
      for (let i = 0; i < v.length; i += v[i] + 1) {
        if (v[i] === 0 || i + 1 + v[i] > v.length) fail(key, 'bad alpn-id');
      }
      break;
    case SvcParamKey['no-default-alpn']:
    case SvcParamKey.ohttp:
      if (v.length !== 0) fail(key, 'takes no value');
      break;
    case SvcParamKey.port:
      if (v.length !== 2) fail(key, 'bad length');
      break;
    case SvcParamKey.ipv4hint:
      if (v.length === 0 || v.length % 4 !== 0) fail(key, 'bad length');
      break;
    case SvcParamKey.ipv6hint:
      if (v.length === 0 || v.length % 16 !== 0) fail(key, 'bad length');
      break;
  }
}

/** Presentation form of one SvcParam, BIND style: `key=value`, or just `key` when it takes no value. */
export function svcParamToText(p: SvcParam): string {
  const v = p.value;
  const name = svcKeyToText(p.key);
  switch (p.key) {
    case SvcParamKey.mandatory: {
      const keys: string[] = [];
      for (let i = 0; i < v.length; i += 2) keys.push(svcKeyToText((v[i] << 8) | v[i + 1]));
      return `${name}=${keys.join(',')}`;
    }
    case SvcParamKey.alpn: {
      const ids: string[] = [];
      for (let i = 0; i < v.length; i += v[i] + 1) {
        // Escape value-list separators first; quotedText then escapes the backslashes again.
        let id = '';
        for (let k = i + 1; k <= i + v[i]; k++)
          id += v[k] === 0x2c || v[k] === 0x5c ? `\\${String.fromCharCode(v[k])}` : String.fromCharCode(v[k]);
        ids.push(id);
      }
      return `${name}=${quotedText(Buffer.from(ids.join(','), 'latin1'))}`;
    }
    case SvcParamKey['no-default-alpn']:
    case SvcParamKey.ohttp:
      return name;
    case SvcParamKey.port:
      return `${name}=${(v[0] << 8) | v[1]}`;
    case SvcParamKey.ipv4hint: {
      const out: string[] = [];
      for (let i = 0; i < v.length; i += 4) out.push(ipv4ToText(v, i));
      return `${name}=${out.join(',')}`;
    }
    case SvcParamKey.ech:
      return `${name}=${base64ToText(v).replace(/ /g, '')}`;
    case SvcParamKey.ipv6hint: {
      const out: string[] = [];
      for (let i = 0; i < v.length; i += 16) out.push(ipv6ToText(v, i));
      return `${name}=${out.join(',')}`;
    }
    default:
      return v.length === 0 ? name : `${name}=${quotedText(v)}`;
  }
}

/** Wire value of one SvcParam from its presentation value (escapes already in `value`, unresolved). */
export function svcValueFromText(key: number, value: string | undefined): Uint8Array {
  const needsValue = (): string => (value === undefined || value === '' ? fail(key, 'needs a value') : value);
  switch (key) {
    case SvcParamKey.mandatory: {
      const keys = textList(needsValue()).map(svcKeyFromText);
      keys.sort((a, b) => a - b);
      const out = new Uint8Array(keys.length * 2);
      keys.forEach((k, i) => {
        if (k === SvcParamKey.mandatory) fail(key, 'cannot list itself');
        if (i > 0 && keys[i - 1] === k) fail(key, `lists ${svcKeyToText(k)} twice`);
        out[2 * i] = k >> 8;
        out[2 * i + 1] = k & 0xff;
      });
      return out;
    }
    case SvcParamKey.alpn: {
      const ids = splitValueList(unescapeText(needsValue()));
      const parts: number[] = [];
      for (const id of ids) {
        if (id.length === 0 || id.length > 255) fail(key, 'bad alpn-id');
        parts.push(id.length, ...id);
      }
      return Uint8Array.from(parts);
    }
    case SvcParamKey['no-default-alpn']:
    case SvcParamKey.ohttp:
      if (value !== undefined && value !== '') fail(key, 'takes no value');
      return new Uint8Array(0);
    case SvcParamKey.port: {
      const text = needsValue();
      if (!/^\d{1,5}$/.test(text) || Number(text) > 0xffff) fail(key, `bad port '${text}'`);
      return Uint8Array.of(Number(text) >> 8, Number(text) & 0xff);
    }
    case SvcParamKey.ipv4hint: {
      const addrs = textList(needsValue());
      const out = new Uint8Array(addrs.length * 4);
      for (let i = 0; i < addrs.length; i++) ipv4FromText(addrs[i], out, i * 4);
      return out;
    }
    case SvcParamKey.ech:
      return base64FromText(needsValue(), 'ech');
    case SvcParamKey.ipv6hint: {
      const addrs = textList(needsValue());
      const out = new Uint8Array(addrs.length * 16);
      for (let i = 0; i < addrs.length; i++) ipv6FromText(addrs[i], out, i * 16);
      return out;
    }
    default:
      return value === undefined ? new Uint8Array(0) : unescapeText(value);
  }
}
