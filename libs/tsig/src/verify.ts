import { timingSafeEqual } from 'node:crypto';
import { fullMac } from './digest.js';
import { TsigFormatError } from './errors.js';
import type { TsigKey, TsigKeyring } from './key.js';
import { nowSeconds } from './sign.js';
import { findTsig, type TsigLocation, unsignedMessage } from './wire.js';

/** TSIG error codes (RFC 8945 §3). */
export const TsigErrorCode = {
  NOERROR: 0,
  BADSIG: 16,
  BADKEY: 17,
  BADTIME: 18,
  BADTRUNC: 22,
} as const;

export function tsigErrorName(code: number): string {
  for (const [name, value] of Object.entries(TsigErrorCode)) if (value === code) return name;
  return String(code);
}

export type TsigVerification =
  | { ok: true; key: TsigKey; location: TsigLocation; mac: Uint8Array }
  | { ok: false; error: number; reason: string; location: TsigLocation; key?: TsigKey };

export interface VerifyOptions {
  /** Seconds since 1970; now by default. */
  now?: number;
  /** When verifying a response: the MAC of the request it answers. */
  requestMac?: Uint8Array;
}

/**
 * The MAC of `expected` matches `received`, which may be truncated (RFC 8945 §5.2.2.1) but not
 * below the larger of 10 octets and half the full size.
 */
export function macMatches(expected: Uint8Array, received: Uint8Array): boolean {
  if (received.length === 0 || received.length > expected.length) return false;
  return timingSafeEqual(expected.subarray(0, received.length), received);
}

/**
 * Verifies a signed message in the order RFC 8945 §5.2 prescribes: key (BADKEY), MAC (BADSIG,
 * BADTRUNC), time (BADTIME). Returns undefined when the message carries no TSIG, and throws
 * TsigFormatError for a malformed or misplaced one (answer FORMERR).
 */
export function verifyMessage(
  message: Uint8Array,
  keyring: TsigKeyring,
  options: VerifyOptions = {},
): TsigVerification | undefined {
  const location = findTsig(message);
  if (!location) return undefined;
  return verifyLocated(message, location, keyring, options);
}

export function verifyLocated(
  message: Uint8Array,
  location: TsigLocation,
  keyring: TsigKeyring,
  options: VerifyOptions = {},
): TsigVerification {
  const { record } = location;
  const fail = (error: number, reason: string, key?: TsigKey): TsigVerification => ({
    ok: false,
    error,
    reason,
    location,
    key,
  });
  // A response carrying an error with no MAC is the peer refusing us (§5.3.2): report its error.
  if (options.requestMac && record.error !== 0 && record.mac.length === 0) {
    return fail(record.error, `the peer answered ${tsigErrorName(record.error)}`);
  }
  const key = keyring.get(record.keyName);
  if (!key || !key.algorithm.name.equals(record.algorithm)) {
    return fail(TsigErrorCode.BADKEY, `unknown key ${record.keyName} with algorithm ${record.algorithm}`);
  }
  const full = key.algorithm.macSize;
  if (record.mac.length > full)
    throw new TsigFormatError(`TSIG MAC of ${record.mac.length} octets exceeds ${full}`);
  if (record.mac.length === 0) return fail(TsigErrorCode.BADSIG, 'empty MAC', key);
  const expected = fullMac(key, unsignedMessage(message, location), record, options.requestMac);
  if (!macMatches(expected, record.mac)) return fail(TsigErrorCode.BADSIG, 'MAC mismatch', key);
  if (record.mac.length < Math.max(10, full / 2)) {
    return fail(TsigErrorCode.BADTRUNC, `MAC truncated to ${record.mac.length} octets`, key);
  }
  const now = options.now ?? nowSeconds();
  if (Math.abs(now - record.timeSigned) > record.fudge) {
    return fail(
      TsigErrorCode.BADTIME,
      `signed at ${record.timeSigned}, now ${now}, fudge ${record.fudge}`,
      key,
    );
  }
  if (options.requestMac && record.error !== 0) {
    return fail(record.error, `the peer answered ${tsigErrorName(record.error)}`, key);
  }
  return { ok: true, key, location, mac: record.mac };
}
