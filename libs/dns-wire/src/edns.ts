import { EdnsOptionCode } from './constants.js';
import { RdataError } from './errors.js';
import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from './ip-address.js';
import type { Edns, EdnsOption } from './message.js';

/** Typed EDNS(0) options; anything else stays raw as UNKNOWN (RFC 6891 §6.1.2: ignore unknown options). */
export type EdnsOptionValue =
  | { type: 'NSID'; nsid: Uint8Array }
  | ClientSubnet
  | { type: 'COOKIE'; client: Uint8Array; server?: Uint8Array }
  | { type: 'TCP_KEEPALIVE'; timeout?: number }
  | { type: 'PADDING'; length: number }
  | { type: 'EXTENDED_ERROR'; infoCode: number; extraText: string }
  | { type: 'UNKNOWN'; code: number; data: Uint8Array };

/** EDNS Client Subnet (RFC 7871 §6); `address` is the prefix, host bits zero. */
export interface ClientSubnet {
  type: 'CLIENT_SUBNET';
  /** 1 = IPv4, 2 = IPv6 (IANA Address Family Numbers). */
  family: number;
  sourcePrefixLength: number;
  scopePrefixLength: number;
  address: string;
}

const C = EdnsOptionCode;
const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

function fail(what: string, reason: string): never {
  throw new RdataError(`EDNS ${what} option: ${reason}`);
}

function decodeClientSubnet(d: Uint8Array): ClientSubnet {
  if (d.length < 4) fail('CLIENT-SUBNET', 'too short');
  const family = (d[0] << 8) | d[1];
  const sourcePrefixLength = d[2];
  const scopePrefixLength = d[3];
  const size = family === 1 ? 4 : family === 2 ? 16 : fail('CLIENT-SUBNET', `unknown family ${family}`);
  if (sourcePrefixLength > size * 8 || scopePrefixLength > size * 8) fail('CLIENT-SUBNET', 'prefix too long');
  // RFC 7871 §6: exactly ceil(SOURCE PREFIX-LENGTH / 8) octets, bits past the prefix zero.
  const octets = Math.ceil(sourcePrefixLength / 8);
  if (d.length !== 4 + octets) fail('CLIENT-SUBNET', 'address length does not match the prefix');
  const spare = octets * 8 - sourcePrefixLength;
  if (spare > 0 && (d[3 + octets] & ((1 << spare) - 1)) !== 0)
    fail('CLIENT-SUBNET', 'bits set past the prefix');
  const full = new Uint8Array(size);
  full.set(d.subarray(4));
  const address = family === 1 ? ipv4ToText(full) : ipv6ToText(full);
  return { type: 'CLIENT_SUBNET', family, sourcePrefixLength, scopePrefixLength, address };
}

function encodeClientSubnet(v: ClientSubnet): Uint8Array {
  const size = v.family === 1 ? 4 : v.family === 2 ? 16 : fail('CLIENT-SUBNET', `unknown family ${v.family}`);
  if (v.sourcePrefixLength > size * 8 || v.scopePrefixLength > size * 8)
    fail('CLIENT-SUBNET', 'prefix too long');
  const full = v.family === 1 ? ipv4FromText(v.address) : ipv6FromText(v.address);
  const octets = Math.ceil(v.sourcePrefixLength / 8);
  const out = new Uint8Array(4 + octets);
  out[0] = v.family >> 8;
  out[1] = v.family & 0xff;
  out[2] = v.sourcePrefixLength;
  out[3] = v.scopePrefixLength;
  out.set(full.subarray(0, octets), 4);
  const spare = octets * 8 - v.sourcePrefixLength;
  if (spare > 0) out[3 + octets] &= 0xff << spare;
  return out;
}

/** Decodes one option; throws RdataError when a known option is malformed (answer FORMERR). */
export function decodeEdnsOption(option: EdnsOption): EdnsOptionValue {
  const d = option.data;
  switch (option.code) {
    case C.NSID:
      return { type: 'NSID', nsid: d.slice() };
    case C.CLIENT_SUBNET:
      return decodeClientSubnet(d);
    case C.COOKIE:
      // RFC 7873 §4: an 8-octet client cookie, optionally an 8..32-octet server cookie.
      if (d.length !== 8 && (d.length < 16 || d.length > 40)) fail('COOKIE', `bad length ${d.length}`);
      return d.length === 8
        ? { type: 'COOKIE', client: d.slice() }
        : { type: 'COOKIE', client: d.slice(0, 8), server: d.slice(8) };
    case C.TCP_KEEPALIVE:
      // RFC 7828 §3.1: empty in queries, a 16-bit timeout in units of 100 ms in responses.
      if (d.length === 0) return { type: 'TCP_KEEPALIVE' };
      if (d.length !== 2) fail('TCP-KEEPALIVE', `bad length ${d.length}`);
      return { type: 'TCP_KEEPALIVE', timeout: (d[0] << 8) | d[1] };
    case C.PADDING:
      return { type: 'PADDING', length: d.length };
    case C.EXTENDED_ERROR:
      if (d.length < 2) fail('EXTENDED-ERROR', 'too short');
      return { type: 'EXTENDED_ERROR', infoCode: (d[0] << 8) | d[1], extraText: utf8.decode(d.subarray(2)) };
    default:
      return { type: 'UNKNOWN', code: option.code, data: d.slice() };
  }
}

/** Encodes one typed option. Padding is zero octets (RFC 7830 §3). */
export function encodeEdnsOption(value: EdnsOptionValue): EdnsOption {
  switch (value.type) {
    case 'NSID':
      return { code: C.NSID, data: value.nsid.slice() };
    case 'CLIENT_SUBNET':
      return { code: C.CLIENT_SUBNET, data: encodeClientSubnet(value) };
    case 'COOKIE': {
      const server = value.server ?? new Uint8Array(0);
      if (value.client.length !== 8) fail('COOKIE', 'client cookie must be 8 octets');
      if (server.length !== 0 && (server.length < 8 || server.length > 32))
        fail('COOKIE', 'server cookie must be 8..32 octets');
      const data = new Uint8Array(8 + server.length);
      data.set(value.client);
      data.set(server, 8);
      return { code: C.COOKIE, data };
    }
    case 'TCP_KEEPALIVE':
      return {
        code: C.TCP_KEEPALIVE,
        data:
          value.timeout === undefined
            ? new Uint8Array(0)
            : Uint8Array.of(value.timeout >> 8, value.timeout & 0xff),
      };
    case 'PADDING':
      return { code: C.PADDING, data: new Uint8Array(value.length) };
    case 'EXTENDED_ERROR': {
      const text = utf8Encoder.encode(value.extraText);
      const data = new Uint8Array(2 + text.length);
      data[0] = value.infoCode >> 8;
      data[1] = value.infoCode & 0xff;
      data.set(text, 2);
      return { code: C.EXTENDED_ERROR, data };
    }
    case 'UNKNOWN':
      return { code: value.code, data: value.data.slice() };
  }
}

/** The first option with `code`, if any. */
export function findEdnsOption(edns: Edns | undefined, code: number): EdnsOption | undefined {
  if (edns === undefined) return undefined;
  for (const option of edns.options) if (option.code === code) return option;
  return undefined;
}

/**
 * Padding option length that brings a message of `size` octets (the padding
 * option's own 4-octet header not yet included) to a multiple of `block`:
 * RFC 8467 §4.1 recommends 468 for responses, 128 for queries.
 */
export function paddingLength(size: number, block: number): number {
  const withHeader = size + 4;
  return (block - (withHeader % block)) % block;
}
