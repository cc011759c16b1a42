import {
  DnsWireError,
  decodeMessage,
  type Edns,
  type EdnsOption,
  EdnsOptionCode,
  type Message,
  MessageWriter,
  Opcode,
  Rcode,
  RRClass,
  RRType,
} from '@shoal/dns-wire';
import type { Catalog } from './catalog.js';
import { type ChaosOptions, chaosAnswer } from './chaos.js';
import {
  type CookieVerdict,
  clientAddressOctets,
  cookieLengthValid,
  type ServerCookies,
} from './cookies/index.js';
import { lookup } from './lookup.js';
import { PacketCache, type PacketCacheOptions } from './packet-cache.js';
import { cacheKey, viewQuery } from './query-view.js';
import {
  buildAnswer,
  buildEmptyResponse,
  buildResponse,
  buildRetryOverTcp,
  type ReplyContext,
} from './response-builder.js';
import type { Zone } from './zone.js';

export type Transport = 'udp' | 'tcp';

export interface ResponderOptions {
  /**
   * Largest UDP reply, whatever the client offers; also the size announced in
   * our OPT. Default 1232, which avoids IP fragmentation (DNS Flag Day 2020).
   */
  maxUdpPayload?: number;
  /** Sent in an NSID option to clients that ask for it (RFC 5001). */
  nsid?: Uint8Array;
  /** Cache replies (default on); an object sets the cache size. */
  packetCache?: boolean | PacketCacheOptions;
  /** Answers to CHAOS TXT `version.bind` / `id.server`; off unless given. */
  chaos?: ChaosOptions;
  /**
   * QTYPE ANY over UDP: 'truncate' (default) sends TC so the client retries
   * over TCP, where every RRset is returned, as PowerDNS 4.7 does with its
   * default any-to-tcp; 'answer' sends every RRset over UDP too.
   */
  anyOverUdp?: 'truncate' | 'answer';
  /**
   * DNS Cookies (RFC 7873, server cookies per RFC 9018); without them COOKIE options are
   * ignored like any unknown option (RFC 6891 §6.1.2).
   */
  cookies?: ServerCookies;
  /**
   * How long the TCP front end keeps an idle connection (default 10 s): told to clients that
   * send edns-tcp-keepalive over TCP (RFC 7828 §3.3.2).
   */
  tcpIdleTimeoutMs?: number;
}

/** RFC 1035 §4.2.1: without EDNS, UDP replies stop at 512 octets; RFC 6891 §6.2.5: never offer less. */
const MIN_UDP = 512;
const MAX_MESSAGE = 0xffff;
const HEADER = 12;
/** A reply's COOKIE option: code, length, 8-octet client and 16-octet server cookie. */
const COOKIE_OPTION = 4 + 24;

interface Reply {
  response: Uint8Array | null;
  /** Zones read to build the reply; replies built without a lookup read none. */
  zones: readonly Zone[];
}

/**
 * Turns query bytes into reply bytes: validation, EDNS, class and opcode
 * policy, the packet cache, then `lookup` and the response builder.
 * Synchronous and single-threaded by design: one writer buffer is reused for
 * every reply, and a reply always reflects one consistent catalog state.
 */
export class Responder {
  readonly catalog: Catalog;
  readonly cache: PacketCache | undefined;
  readonly maxUdpPayload: number;
  readonly #nsid: Uint8Array | undefined;
  readonly #chaos: ChaosOptions;
  readonly #truncateAny: boolean;
  readonly #cookies: ServerCookies | undefined;
  /** The edns-tcp-keepalive option of our TCP replies: the idle timeout in units of 100 ms. */
  readonly #keepalive: Uint8Array;
  #lastClient = '';
  #lastClientIp = clientAddressOctets('');
  readonly #writer = new MessageWriter(MAX_MESSAGE);
  /**
   * Whether the query of the last respond() call carried a valid server cookie: its source
   * address is then proved (RFC 7873 §5.2.5), so rate limiting lets its reply through. Read it
   * right after respond(), before the next query.
   */
  lastCookieValid = false;

  constructor(catalog: Catalog, options: ResponderOptions = {}) {
    this.catalog = catalog;
    this.maxUdpPayload = Math.min(MAX_MESSAGE, Math.max(MIN_UDP, options.maxUdpPayload ?? 1232));
    this.#nsid = options.nsid;
    this.#chaos = options.chaos ?? {};
    this.#truncateAny = (options.anyOverUdp ?? 'truncate') === 'truncate';
    this.#cookies = options.cookies;
    const timeout = Math.min(0xffff, Math.round((options.tcpIdleTimeoutMs ?? 10_000) / 100));
    this.#keepalive = Uint8Array.of(timeout >> 8, timeout & 0xff);
    const cache = options.packetCache ?? true;
    this.cache = cache === false ? undefined : new PacketCache(cache === true ? {} : cache);
  }

  /**
   * The reply to `query` from `client` (its address, which DNS cookies are bound to), or null
   * when nothing must be sent: a packet too short for a header, or a response (QR set), which
   * answering could turn into a loop between two servers.
   */
  respond(query: Uint8Array, transport: Transport, client = ''): Uint8Array | null {
    this.lastCookieValid = false;
    if (query.length < HEADER || (query[2] & 0x80) !== 0) return null;
    const view = this.cache === undefined ? undefined : viewQuery(query);
    if (view === undefined) return this.#reply(query, transport, client).response;
    let cookie: CookieVerdict | undefined;
    const cookies = this.#cookies;
    if (cookies !== undefined && view.cookie >= 0) {
      // A malformed cookie (FORMERR) and a refused one (BADCOOKIE) take the uncached path.
      if (!cookieLengthValid(view.cookieLength)) return this.#reply(query, transport, client).response;
      const option = query.subarray(view.cookie, view.cookie + view.cookieLength);
      cookie = cookies.judge(option, this.#clientIp(client));
      this.lastCookieValid = cookie.valid;
      if (!cookie.valid && transport === 'udp' && cookies.requireOverUdp)
        return this.#reply(query, transport, client, cookie).response;
    }
    const maxSize = this.#maxSize(transport, view.edns ? view.udpPayloadSize : undefined);
    const key = cacheKey(query, view, maxSize, cookie !== undefined, transport === 'tcp');
    const hit = this.cache!.get(key, this.catalog);
    if (hit !== undefined) return patch(hit.response, query, view.nameEnd, cookie?.reply);
    const structure = this.catalog.structureGeneration;
    const reply = this.#reply(query, transport, client, cookie);
    if (reply.response !== null && (cookie === undefined || endsWithCookie(reply.response))) {
      const revisions = reply.zones.map((zone) => zone.revision);
      this.cache!.set(key, { response: reply.response, structure, zones: reply.zones, revisions });
    }
    return reply.response;
  }

  #reply(query: Uint8Array, transport: Transport, client: string, judged?: CookieVerdict): Reply {
    const writer = this.#writer;
    const id = (query[0] << 8) | query[1];
    const opcode = (query[2] >> 3) & 0xf;
    const rd = (query[2] & 0x01) !== 0;
    const cd = (query[3] & 0x10) !== 0;
    let message: Message;
    try {
      message = decodeMessage(query);
    } catch (error) {
      if (!(error instanceof DnsWireError)) throw error;
      // Unreadable: echo the header only (RFC 1035 §4.1.1 FORMERR).
      const ctx: ReplyContext = { id, opcode, rd, cd, maxSize: MIN_UDP, authoritative: true };
      return { response: buildEmptyResponse(writer, ctx, Rcode.FORMERR), zones: [] };
    }
    const question = message.questions.length === 1 ? message.questions[0] : undefined;
    let cookie = judged;
    let cookieMalformed = false;
    const keepalive =
      transport === 'tcp'
        ? message.edns?.options.find((o) => o.code === EdnsOptionCode.TCP_KEEPALIVE)
        : undefined;
    if (cookie === undefined && this.#cookies !== undefined && message.edns !== undefined) {
      const option = message.edns.options.find((o) => o.code === EdnsOptionCode.COOKIE);
      if (option !== undefined && !cookieLengthValid(option.data.length)) cookieMalformed = true;
      else if (option !== undefined) {
        cookie = this.#cookies.judge(option.data, this.#clientIp(client));
        this.lastCookieValid = cookie.valid;
      }
    }
    const ctx: ReplyContext = {
      id,
      opcode,
      rd,
      cd,
      question,
      edns: this.#replyOpt(message.edns, cookie, keepalive !== undefined),
      maxSize: this.#maxSize(transport, message.edns?.udpPayloadSize),
      authoritative: true,
    };
    const empty = (rcode: number): Reply => ({ response: buildEmptyResponse(writer, ctx, rcode), zones: [] });
    // RFC 7873 §5.2.2: a COOKIE option of a length no cookie can have makes the query malformed.
    if (cookieMalformed) return empty(Rcode.FORMERR);
    // RFC 7828 §3.2.1: a client does not send a TIMEOUT; a query that does is malformed.
    if (keepalive !== undefined && keepalive.data.length !== 0) return empty(Rcode.FORMERR);

    if (opcode !== Opcode.QUERY) {
      // NOTIFY and UPDATE are known but not served on this path; anything else is not implemented.
      return empty(opcode === Opcode.NOTIFY || opcode === Opcode.UPDATE ? Rcode.REFUSED : Rcode.NOTIMP);
    }
    // RFC 6891 §6.1.3: a version we do not speak gets BADVERS, with our OPT at version 0.
    if (message.edns !== undefined && message.edns.version > 0) return empty(Rcode.BADVERS);
    // RFC 7873 §5.2.3-5.2.4: over UDP, a client without a valid server cookie may be made to
    // prove it can receive our replies before it gets an answer; TCP has proved that already.
    if (cookie !== undefined && !cookie.valid && transport === 'udp' && this.#cookies?.requireOverUdp)
      return empty(Rcode.BADCOOKIE);
    // RFC 7873 §5.4: a query with no question and a COOKIE option asks for a server cookie.
    if (message.questions.length === 0 && cookie !== undefined) return empty(Rcode.NOERROR);
    if (question === undefined || question.type === RRType.OPT) return empty(Rcode.FORMERR);
    // Zone transfers are served by the transfer handler, over TCP and when authorised; never here.
    if (question.type === RRType.AXFR || question.type === RRType.IXFR) return empty(Rcode.REFUSED);

    switch (question.class) {
      case RRClass.IN:
        break;
      case RRClass.ANY:
        ctx.authoritative = false;
        break;
      case RRClass.CH: {
        const answer = chaosAnswer(this.#chaos, question.name, question.type);
        if (answer === undefined) return empty(Rcode.NOTIMP);
        return { response: buildAnswer(writer, ctx, [answer]), zones: [] };
      }
      default:
        return empty(Rcode.REFUSED);
    }
    const outcome = lookup(this.catalog, question);
    const zones = outcome.kind === 'refused' ? [] : outcome.zones;
    // RFC 8482 leaves the reply to ANY to the responder: a large one over UDP is an amplifier.
    if (
      question.type === RRType.ANY &&
      transport === 'udp' &&
      this.#truncateAny &&
      outcome.kind !== 'refused'
    ) {
      return { response: buildRetryOverTcp(writer, outcome, ctx), zones };
    }
    return { response: buildResponse(writer, outcome, ctx), zones };
  }

  /** The reply's size limit: 64 KiB over TCP, else the client's EDNS offer within our bounds. */
  #maxSize(transport: Transport, offered: number | undefined): number {
    if (transport === 'tcp') return MAX_MESSAGE;
    if (offered === undefined) return MIN_UDP;
    return Math.min(this.maxUdpPayload, Math.max(MIN_UDP, offered));
  }

  /**
   * Our OPT, when the query had one: version 0, DO echoed (RFC 3225 §3), NSID if asked and
   * configured, the TCP idle timeout if asked over TCP, and our cookie last, where a cached
   * reply's cookie is patched.
   */
  #replyOpt(edns: Edns | undefined, cookie: CookieVerdict | undefined, keepalive = false): Edns | undefined {
    if (edns === undefined) return undefined;
    const wantsNsid = this.#nsid !== undefined && edns.options.some((o) => o.code === EdnsOptionCode.NSID);
    const options: EdnsOption[] = wantsNsid ? [{ code: EdnsOptionCode.NSID, data: this.#nsid! }] : [];
    if (keepalive) options.push({ code: EdnsOptionCode.TCP_KEEPALIVE, data: this.#keepalive });
    if (cookie !== undefined) options.push({ code: EdnsOptionCode.COOKIE, data: cookie.reply });
    return {
      udpPayloadSize: this.maxUdpPayload,
      extendedRcode: 0,
      version: 0,
      dnssecOk: edns.dnssecOk,
      flags: 0,
      options,
    };
  }

  /** The client's address octets; the last one is remembered, as queries come in runs. */
  #clientIp(client: string): Uint8Array {
    if (client !== this.#lastClient) {
      this.#lastClient = client;
      this.#lastClientIp = clientAddressOctets(client);
    }
    return this.#lastClientIp;
  }
}

function endsWithCookie(response: Uint8Array): boolean {
  const p = response.length - COOKIE_OPTION;
  return (
    p > HEADER &&
    response[p] === 0 &&
    response[p + 1] === EdnsOptionCode.COOKIE &&
    response[p + 2] === 0 &&
    response[p + 3] === 24
  );
}

/**
 * A cached reply made ours: the query's ID, the question name as the
 * client spelled it, and the client's cookie (the last octets). The copy comes from Node's buffer pool: a fresh
 * ArrayBuffer per reply would cost more than the rest of a cache hit.
 */
function patch(response: Uint8Array, query: Uint8Array, nameEnd: number, cookie?: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(response.length);
  out.set(response);
  out[0] = query[0];
  out[1] = query[1];
  for (let i = HEADER; i < nameEnd; i++) out[i] = query[i];
  if (cookie !== undefined) out.set(cookie, out.length - cookie.length);
  return out;
}
