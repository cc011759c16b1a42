import { continuationMac } from './digest.js';
import { TsigVerificationError } from './errors.js';
import type { TsigKey } from './key.js';
import { DEFAULT_FUDGE, nowSeconds, signMessage } from './sign.js';
import { macMatches, TsigErrorCode, verifyLocated } from './verify.js';
import { appendTsig, findTsig, type TsigRecord, tsigRecordSize, unsignedMessage } from './wire.js';

/** RFC 8945 §5.3.1: at most 99 unsigned messages between two signed ones. */
const MAX_UNSIGNED_RUN = 99;

export interface StreamOptions {
  fudge?: number;
  /** Seconds since 1970. */
  now?: () => number;
}

/**
 * Signs the messages of a multi-message response (AXFR/IXFR over TCP), every one of them
 * (RFC 8945 §5.3.1 allows gaps of up to 99; signing all keeps every message verifiable on its
 * own). The first MAC covers the request's MAC and the full TSIG variables; each later one
 * covers the previous MAC, the message and the timers only.
 */
export class TsigStreamSigner {
  #prior: Uint8Array;
  #first = true;
  readonly #fudge: number;
  readonly #now: () => number;

  constructor(
    readonly key: TsigKey,
    requestMac: Uint8Array,
    options: StreamOptions = {},
  ) {
    this.#prior = requestMac;
    this.#fudge = options.fudge ?? DEFAULT_FUDGE;
    this.#now = options.now ?? nowSeconds;
  }

  /** Octets to keep free in every message for its TSIG RR. */
  get reserve(): number {
    return tsigRecordSize(this.key.name, this.key.algorithm.name, this.key.algorithm.macSize);
  }

  sign(message: Uint8Array): Uint8Array {
    if (this.#first) {
      this.#first = false;
      const signed = signMessage(message, this.key, {
        requestMac: this.#prior,
        fudge: this.#fudge,
        timeSigned: this.#now(),
      });
      this.#prior = signed.mac;
      return signed.message;
    }
    const record: TsigRecord = {
      keyName: this.key.name,
      algorithm: this.key.algorithm.name,
      timeSigned: this.#now(),
      fudge: this.#fudge,
      mac: new Uint8Array(0),
      originalId: (message[0] << 8) | message[1],
      error: 0,
      other: new Uint8Array(0),
    };
    record.mac = continuationMac(this.key, this.#prior, [message], record);
    this.#prior = record.mac;
    return appendTsig(message, record);
  }
}

/**
 * Verifies the messages of a signed multi-message response, as a transfer client does: the
 * first must be signed; later ones may go unsigned for up to 99 messages, and are then covered
 * by the next signed one; the last must be signed (call end()).
 */
export class TsigStreamVerifier {
  #prior: Uint8Array;
  #first = true;
  #pending: Uint8Array[] = [];
  readonly #now: () => number;

  constructor(
    readonly key: TsigKey,
    requestMac: Uint8Array,
    options: StreamOptions = {},
  ) {
    this.#prior = requestMac;
    this.#now = options.now ?? nowSeconds;
  }

  /** Throws TsigVerificationError (or TsigFormatError) when the message does not verify. */
  verify(message: Uint8Array): void {
    const location = findTsig(message);
    if (this.#first) {
      if (!location) throw new TsigVerificationError(TsigErrorCode.BADSIG, 'the response is not signed');
      const keyring = { get: () => this.key };
      const result = verifyLocated(message, location, keyring, { requestMac: this.#prior, now: this.#now() });
      if (!result.ok) throw new TsigVerificationError(result.error, result.reason);
      this.#prior = result.mac;
      this.#first = false;
      return;
    }
    if (!location) {
      this.#pending.push(message);
      if (this.#pending.length > MAX_UNSIGNED_RUN) {
        throw new TsigVerificationError(
          TsigErrorCode.BADSIG,
          `more than ${MAX_UNSIGNED_RUN} unsigned messages in a row`,
        );
      }
      return;
    }
    const { record } = location;
    if (!record.keyName.equals(this.key.name) || !record.algorithm.equals(this.key.algorithm.name)) {
      throw new TsigVerificationError(
        TsigErrorCode.BADKEY,
        `message signed with ${record.keyName}, expected ${this.key.name}`,
      );
    }
    if (record.error !== 0)
      throw new TsigVerificationError(record.error, `the peer reported TSIG error ${record.error}`);
    const expected = continuationMac(
      this.key,
      this.#prior,
      [...this.#pending, unsignedMessage(message, location)],
      record,
    );
    if (!macMatches(expected, record.mac))
      throw new TsigVerificationError(TsigErrorCode.BADSIG, 'MAC mismatch in a later message');
    const now = this.#now();
    if (Math.abs(now - record.timeSigned) > record.fudge) {
      throw new TsigVerificationError(
        TsigErrorCode.BADTIME,
        `message signed at ${record.timeSigned}, now ${now}`,
      );
    }
    this.#prior = record.mac;
    this.#pending = [];
  }

  /** Call after the last message: unsigned trailing messages are not acceptable. */
  end(): void {
    if (this.#first) throw new TsigVerificationError(TsigErrorCode.BADSIG, 'no signed message received');
    if (this.#pending.length)
      throw new TsigVerificationError(TsigErrorCode.BADSIG, 'the last message is not signed');
  }
}
