import type { TsigKey } from './key.js';
import { signMessage } from './sign.js';
import { TsigErrorCode } from './verify.js';
import { appendTsig, put48, type TsigRecord } from './wire.js';

/**
 * Adds the TSIG of an error answer to a request that failed verification (RFC 8945 §5.3.2).
 * `response` must already carry RCODE NOTAUTH. BADKEY and BADSIG (and BADTRUNC) go unsigned,
 * with an empty MAC and the request's key and algorithm names; BADTIME is signed with the key
 * over the request's MAC, keeps the request's time signed and carries our clock in the other
 * data, so the client can tell how far apart the clocks are (§5.2.3).
 */
export function tsigErrorAnswer(
  response: Uint8Array,
  request: TsigRecord,
  error: number,
  key: TsigKey | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): Uint8Array {
  if (error === TsigErrorCode.BADTIME && key) {
    const other = new Uint8Array(6);
    put48(other, 0, nowSeconds);
    return signMessage(response, key, {
      requestMac: request.mac,
      timeSigned: request.timeSigned,
      fudge: request.fudge,
      error,
      other,
    }).message;
  }
  const record: TsigRecord = {
    keyName: request.keyName,
    algorithm: request.algorithm,
    timeSigned: nowSeconds,
    fudge: request.fudge,
    mac: new Uint8Array(0),
    originalId: (response[0] << 8) | response[1],
    error,
    other: new Uint8Array(0),
  };
  return appendTsig(response, record);
}
