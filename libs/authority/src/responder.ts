import {
  DnsWireError,
  decodeMessage,
  type Edns,
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
}

/** RFC 1035 §4.2.1: without EDNS, UDP replies stop at 512 octets; RFC 6891 §6.2.5: never offer less. */
const MIN_UDP = 512;
const MAX_MESSAGE = 0xffff;
const HEADER = 12;

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
  readonly #writer = new MessageWriter(MAX_MESSAGE);

  constructor(catalog: Catalog, options: ResponderOptions = {}) {
    this.catalog = catalog;
    this.maxUdpPayload = Math.min(MAX_MESSAGE, Math.max(MIN_UDP, options.maxUdpPayload ?? 1232));
    this.#nsid = options.nsid;
    this.#chaos = options.chaos ?? {};
    this.#truncateAny = (options.anyOverUdp ?? 'truncate') === 'truncate';
    const cache = options.packetCache ?? true;
    this.cache = cache === false ? undefined : new PacketCache(cache === true ? {} : cache);
  }

  /**
   * The reply to `query`, or null when nothing must be sent: a packet too
   * short for a header, or a response (QR set), which answering could turn
   * into a loop between two servers.
   */
  respond(query: Uint8Array, transport: Transport): Uint8Array | null {
    if (query.length < HEADER || (query[2] & 0x80) !== 0) return null;
    const view = this.cache === undefined ? undefined : viewQuery(query);
    if (view === undefined) return this.#reply(query, transport).response;
    const maxSize = this.#maxSize(transport, view.edns ? view.udpPayloadSize : undefined);
    const key = cacheKey(query, view, maxSize);
    const hit = this.cache!.get(key, this.catalog);
    if (hit !== undefined) return patch(hit.response, query, view.nameEnd);
    const structure = this.catalog.structureGeneration;
    const reply = this.#reply(query, transport);
    if (reply.response !== null) {
      const revisions = reply.zones.map((zone) => zone.revision);
      this.cache!.set(key, { response: reply.response, structure, zones: reply.zones, revisions });
    }
    return reply.response;
  }

  #reply(query: Uint8Array, transport: Transport): Reply {
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
    const ctx: ReplyContext = {
      id,
      opcode,
      rd,
      cd,
      question,
      edns: this.#replyOpt(message.edns),
      maxSize: this.#maxSize(transport, message.edns?.udpPayloadSize),
      authoritative: true,
    };
    const empty = (rcode: number): Reply => ({ response: buildEmptyResponse(writer, ctx, rcode), zones: [] });

    if (opcode !== Opcode.QUERY) {
      // NOTIFY and UPDATE are known but not served on this path; anything else is not implemented.
      return empty(opcode === Opcode.NOTIFY || opcode === Opcode.UPDATE ? Rcode.REFUSED : Rcode.NOTIMP);
    }
    // RFC 6891 §6.1.3: a version we do not speak gets BADVERS, with our OPT at version 0.
    if (message.edns !== undefined && message.edns.version > 0) return empty(Rcode.BADVERS);
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

  /** Our OPT, when the query had one: version 0, DO echoed (RFC 3225 §3), NSID if asked and configured. */
  #replyOpt(edns: Edns | undefined): Edns | undefined {
    if (edns === undefined) return undefined;
    const wantsNsid = this.#nsid !== undefined && edns.options.some((o) => o.code === EdnsOptionCode.NSID);
    return {
      udpPayloadSize: this.maxUdpPayload,
      extendedRcode: 0,
      version: 0,
      dnssecOk: edns.dnssecOk,
      flags: 0,
      options: wantsNsid ? [{ code: EdnsOptionCode.NSID, data: this.#nsid! }] : [],
    };
  }
}

/**
 * A cached reply made ours: the query's ID and the question name as the
 * client spelled it. The copy comes from Node's buffer pool: a fresh
 * ArrayBuffer per reply would cost more than the rest of a cache hit.
 */
function patch(response: Uint8Array, query: Uint8Array, nameEnd: number): Uint8Array {
  const out = Buffer.allocUnsafe(response.length);
  out.set(response);
  out[0] = query[0];
  out[1] = query[1];
  for (let i = HEADER; i < nameEnd; i++) out[i] = query[i];
  return out;
}
