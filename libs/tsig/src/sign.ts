import { fullMac } from './digest.js';
import type { TsigKey } from './key.js';
import { appendTsig, type TsigRecord } from './wire.js';

/** RFC 8945 §10 recommends 300 seconds. */
export const DEFAULT_FUDGE = 300;

export interface SignOptions {
  /** Seconds since 1970; now by default. */
  timeSigned?: number;
  fudge?: number;
  /** When signing a response: the request's MAC (RFC 8945 §4.3.1). */
  requestMac?: Uint8Array;
  /** TSIG error field; BADTIME responses are signed and carry one (§5.2.3). */
  error?: number;
  other?: Uint8Array;
}

export interface SignedMessage {
  message: Uint8Array;
  mac: Uint8Array;
  record: TsigRecord;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Signs a whole message: computes the MAC over it and appends the TSIG RR (RFC 8945 §4.3). */
export function signMessage(message: Uint8Array, key: TsigKey, options: SignOptions = {}): SignedMessage {
  const record: TsigRecord = {
    keyName: key.name,
    algorithm: key.algorithm.name,
    timeSigned: options.timeSigned ?? nowSeconds(),
    fudge: options.fudge ?? DEFAULT_FUDGE,
    mac: new Uint8Array(0),
    originalId: (message[0] << 8) | message[1],
    error: options.error ?? 0,
    other: options.other ?? new Uint8Array(0),
  };
  record.mac = fullMac(key, message, record, options.requestMac);
  return { message: appendTsig(message, record), mac: record.mac, record };
}
