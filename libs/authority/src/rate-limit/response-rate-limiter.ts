import { ipv4FromText, ipv6FromText } from '@shoal/dns-wire';
import { clientAddressOctets } from '../cookies/index.js';
import { questionEnd, replyClass, skipRecord } from './reply-class.js';

/**
 * Response rate limiting for UDP, as in BIND and Knot: an off-path attacker who spoofs a
 * victim's address gets each of its replies sent to the victim, so replies of one kind (see
 * reply-class.ts) to one client network are held to a rate. Over the rate, replies are
 * dropped, except every `slip`-th, which goes out truncated (TC, no records): a real client
 * retries over TCP, which spoofing cannot, and the victim receives small packets only.
 */
export interface RateLimitOptions {
  /** Replies per second per bucket (BIND's responses-per-second, Knot's rate-limit). */
  responsesPerSecond: number;
  /** Every slip-th limited reply is sent truncated instead of dropped; 0 drops them all. Default 2. */
  slip?: number;
  /** Client networks that share a bucket: /24 for IPv4, /56 for IPv6 by default. */
  ipv4PrefixLength?: number;
  ipv6PrefixLength?: number;
  /** Buckets kept; the oldest go first. Default 100,000. */
  tableSize?: number;
  /** Client prefixes never limited (CIDR), e.g. the fleet's own monitoring. */
  exempt?: readonly string[];
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

export type RateLimitVerdict = 'send' | 'slip' | 'drop';

interface Bucket {
  tokens: number;
  lastMs: number;
  limited: number;
}

interface Prefix {
  octets: Uint8Array;
  length: number;
}

function parsePrefix(text: string): Prefix {
  const [address, bits] = text.split('/');
  const octets = address.includes(':') ? ipv6FromText(address) : ipv4FromText(address);
  const length = bits === undefined ? octets.length * 8 : Number(bits);
  if (!Number.isInteger(length) || length < 0 || length > octets.length * 8)
    throw new RangeError(`${text}: not an address or CIDR prefix`);
  return { octets, length };
}

function within(address: Uint8Array, prefix: Prefix): boolean {
  if (address.length !== prefix.octets.length) return false;
  for (let bit = 0; bit < prefix.length; bit += 8) {
    const mask = prefix.length - bit >= 8 ? 0xff : (0xff << (8 - (prefix.length - bit))) & 0xff;
    if ((address[bit >> 3] & mask) !== (prefix.octets[bit >> 3] & mask)) return false;
  }
  return true;
}

export class ResponseRateLimiter {
  readonly responsesPerSecond: number;
  readonly slip: number;
  /** Replies dropped and sent truncated, since start. */
  dropped = 0;
  slipped = 0;
  readonly #v4Octets: number;
  readonly #v4Mask: number;
  readonly #v6Octets: number;
  readonly #v6Mask: number;
  readonly #tableSize: number;
  readonly #exempt: Prefix[];
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  #lastClient = '';
  #lastNetwork: string | undefined = '';

  constructor(options: RateLimitOptions) {
    if (!(options.responsesPerSecond > 0)) throw new RangeError('responsesPerSecond must be above 0');
    this.responsesPerSecond = options.responsesPerSecond;
    this.slip = options.slip ?? 2;
    const v4 = options.ipv4PrefixLength ?? 24;
    const v6 = options.ipv6PrefixLength ?? 56;
    if (!(v4 >= 0 && v4 <= 32 && v6 >= 0 && v6 <= 128)) throw new RangeError('prefix lengths out of range');
    this.#v4Octets = Math.ceil(v4 / 8);
    this.#v4Mask = v4 % 8 === 0 ? 0xff : (0xff << (8 - (v4 % 8))) & 0xff;
    this.#v6Octets = Math.ceil(v6 / 8);
    this.#v6Mask = v6 % 8 === 0 ? 0xff : (0xff << (8 - (v6 % 8))) & 0xff;
    this.#tableSize = options.tableSize ?? 100_000;
    this.#exempt = (options.exempt ?? []).map(parsePrefix);
    this.#now = options.now ?? Date.now;
  }

  /** Buckets held now. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Whether `reply`, about to be sent over UDP to `client`, goes out, goes out truncated, or not. */
  judge(reply: Uint8Array, client: string): RateLimitVerdict {
    const network = this.#network(client);
    if (network === undefined) return 'send';
    const kind = replyClass(reply);
    if (kind === undefined) return 'send';
    const key = network + kind;
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#tableSize) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
      bucket = { tokens: this.responsesPerSecond, lastMs: now, limited: 0 };
      this.#buckets.set(key, bucket);
    } else {
      const earned = ((now - bucket.lastMs) * this.responsesPerSecond) / 1000;
      bucket.tokens = Math.min(this.responsesPerSecond, bucket.tokens + Math.max(0, earned));
      bucket.lastMs = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 'send';
    }
    bucket.limited++;
    if (this.slip > 0 && bucket.limited % this.slip === 0) {
      this.slipped++;
      return 'slip';
    }
    this.dropped++;
    return 'drop';
  }

  /** The client's network as a bucket-key prefix, or undefined when it is exempt. */
  #network(client: string): string | undefined {
    if (client === this.#lastClient) return this.#lastNetwork;
    const address = clientAddressOctets(client);
    let network: string | undefined;
    if (this.#exempt.some((p) => within(address, p))) network = undefined;
    else {
      const v4 = address.length === 4;
      const octets = v4 ? this.#v4Octets : this.#v6Octets;
      const mask = v4 ? this.#v4Mask : this.#v6Mask;
      network = v4 ? '4' : '6';
      for (let i = 0; i < octets; i++)
        network += String.fromCharCode(i === octets - 1 ? address[i] & mask : address[i]);
      network += '|';
    }
    this.#lastClient = client;
    this.#lastNetwork = network;
    return network;
  }
}

/**
 * The truncated stand-in for a slipped reply: its header with TC set, its question, and its
 * OPT record if it had one (the client keeps seeing an EDNS server), but no other record.
 */
export function slipReply(reply: Uint8Array): Uint8Array {
  const end = questionEnd(reply);
  if (end < 0) return reply.slice(0, 12);
  let opt: Uint8Array | undefined;
  let p = end;
  const records =
    ((reply[6] << 8) | reply[7]) + ((reply[8] << 8) | reply[9]) + ((reply[10] << 8) | reply[11]);
  for (let i = 0; i < records && p >= 0; i++) {
    const next = skipRecord(reply, p);
    // OPT: the root name, type 41 (RFC 6891 §6.1.2).
    if (next > 0 && reply[p] === 0 && reply[p + 1] === 0 && reply[p + 2] === 41)
      opt = reply.subarray(p, next);
    p = next;
  }
  const out = new Uint8Array(end + (opt?.length ?? 0));
  out.set(reply.subarray(0, end));
  if (opt) out.set(opt, end);
  out[2] |= 0x02;
  out[6] = out[7] = out[8] = out[9] = out[10] = 0;
  out[11] = opt ? 1 : 0;
  return out;
}
