import { sipHash24 } from './siphash.js';

/**
 * DNS Cookies (RFC 7873) with server cookies built as RFC 9018 specifies, so that every
 * node of an anycast fleet given the same secret accepts the cookies of the others — and
 * those of BIND, Knot or any other RFC 9018 server sharing that secret.
 *
 * A server cookie is 16 octets: Version (1), Reserved (3 zero octets), Timestamp (32-bit
 * seconds), Hash = SipHash-2-4(Client Cookie | Version | Reserved | Timestamp | Client IP)
 * under the 16-octet server secret (RFC 9018 §4).
 */
export interface ServerCookieOptions {
  /**
   * Secrets of 16 octets. The first makes new cookies; every one of them is accepted, so a
   * fleet rolls to a new secret by listing it first and the old one after it (RFC 9018 §5).
   */
  secrets: readonly Uint8Array[];
  /**
   * UDP queries that carry no valid server cookie get BADCOOKIE and the cookie to retry with
   * (RFC 7873 §5.2.3), instead of an answer; over TCP they are always answered.
   */
  requireOverUdp?: boolean;
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** What a query's COOKIE option comes to. */
export interface CookieVerdict {
  /** The query carried a server cookie this server (or a fleet peer) made, and recently. */
  valid: boolean;
  /** The COOKIE option data of the reply: the client cookie and a server cookie (24 octets). */
  reply: Uint8Array;
}

const VERSION = 1;
const CLIENT = 8;
const SERVER = 16;
/** RFC 9018 §4.3: not valid more than an hour old, or more than five minutes ahead. */
const MAX_AGE = 3600;
const MAX_AHEAD = 300;
/** RFC 9018 §4.3: a valid cookie older than half an hour is replaced by a fresh one. */
const REFRESH_AGE = 1800;

/** The lengths RFC 7873 §4 allows: a client cookie alone, or with an 8..32-octet server cookie. */
export function cookieLengthValid(length: number): boolean {
  return length === CLIENT || (length >= CLIENT + 8 && length <= CLIENT + 32);
}

export class ServerCookies {
  readonly requireOverUdp: boolean;
  readonly #secrets: readonly Uint8Array[];
  readonly #now: () => number;
  // Client Cookie | Version | Reserved | Timestamp | Client IP (4 or 16 octets).
  readonly #input = new Uint8Array(CLIENT + 8 + 16);
  readonly #hash = new Uint8Array(8);

  constructor(options: ServerCookieOptions) {
    if (options.secrets.length === 0) throw new RangeError('DNS cookies need a server secret');
    for (const secret of options.secrets) {
      if (secret.length !== 16) throw new RangeError('a DNS cookie secret is 16 octets (128 bits)');
    }
    this.#secrets = options.secrets.map((s) => s.slice());
    this.requireOverUdp = options.requireOverUdp ?? false;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /**
   * Judges a COOKIE option whose length `cookieLengthValid` accepted, from a client at
   * `clientIp` (4 or 16 octets), and makes the option for the reply: the valid cookie
   * echoed while it is young, a fresh one otherwise (RFC 7873 §5.2, RFC 9018 §4.3).
   */
  judge(option: Uint8Array, clientIp: Uint8Array): CookieVerdict {
    const now = this.#now() >>> 0;
    const reply = new Uint8Array(CLIENT + SERVER);
    for (let i = 0; i < CLIENT; i++) reply[i] = option[i];
    if (option.length === CLIENT + SERVER && option[CLIENT] === VERSION) {
      const stamp = ((option[12] << 24) | (option[13] << 16) | (option[14] << 8) | option[15]) >>> 0;
      // Serial-number arithmetic (RFC 1982), so the comparison survives the 2106 wrap.
      const age = (now - stamp) | 0;
      if (age <= MAX_AGE && age >= -MAX_AHEAD && this.#verifies(option, clientIp)) {
        if (age < REFRESH_AGE) {
          for (let i = CLIENT; i < CLIENT + SERVER; i++) reply[i] = option[i];
          return { valid: true, reply };
        }
        this.#make(reply, now, clientIp);
        return { valid: true, reply };
      }
    }
    this.#make(reply, now, clientIp);
    return { valid: false, reply };
  }

  /** The 16-octet server cookie for `clientCookie` at `timestamp` (exposed for tests). */
  serverCookie(clientCookie: Uint8Array, timestamp: number, clientIp: Uint8Array): Uint8Array {
    const out = new Uint8Array(CLIENT + SERVER);
    out.set(clientCookie.subarray(0, CLIENT));
    this.#make(out, timestamp >>> 0, clientIp);
    return out.slice(CLIENT);
  }

  /** Writes Version, Reserved, Timestamp and Hash after the client cookie in `cookie`. */
  #make(cookie: Uint8Array, timestamp: number, clientIp: Uint8Array): void {
    cookie[8] = VERSION;
    cookie[9] = 0;
    cookie[10] = 0;
    cookie[11] = 0;
    cookie[12] = timestamp >>> 24;
    cookie[13] = (timestamp >>> 16) & 0xff;
    cookie[14] = (timestamp >>> 8) & 0xff;
    cookie[15] = timestamp & 0xff;
    sipHash24(this.#secrets[0], this.#input, cookie, 16, this.#hashInput(cookie, clientIp));
  }

  #verifies(option: Uint8Array, clientIp: Uint8Array): boolean {
    const length = this.#hashInput(option, clientIp);
    for (const secret of this.#secrets) {
      sipHash24(secret, this.#input, this.#hash, 0, length);
      let diff = 0;
      for (let i = 0; i < 8; i++) diff |= this.#hash[i] ^ option[16 + i];
      if (diff === 0) return true;
    }
    return false;
  }

  /** Fills the hash input from the cookie's first 16 octets and the address; its length. */
  #hashInput(cookie: Uint8Array, clientIp: Uint8Array): number {
    const input = this.#input;
    for (let i = 0; i < 16; i++) input[i] = cookie[i];
    for (let i = 0; i < clientIp.length; i++) input[16 + i] = clientIp[i];
    return 16 + clientIp.length;
  }
}
