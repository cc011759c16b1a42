import { randomInt } from 'node:crypto';
import {
  decodeMessage,
  type Message,
  MessageWriter,
  type Name,
  Opcode,
  Rcode,
  type ResourceRecord,
  RRClass,
  RRType,
  rcodeToString,
  soaSerial,
} from '@shoal/dns-wire';
import { signMessage, type TsigKey, TsigStreamVerifier } from '@shoal/tsig';
import type { Endpoint } from './endpoint.js';
import { formatEndpoint } from './endpoint.js';
import { TransferFormatError, TransferRefusedError, TransferTimeoutError } from './errors.js';
import { TransferParser, type TransferResult } from './parser.js';
import { tcpMessages } from './tcp-transport.js';
import { udpExchange } from './udp-transport.js';

/** The network a client uses; tests inject their own. */
export interface TransferTransport {
  stream(
    server: Endpoint,
    query: Uint8Array,
    options: { timeoutMs?: number; localAddress?: string },
  ): AsyncIterable<Uint8Array>;
  datagram(
    server: Endpoint,
    query: Uint8Array,
    timeoutMs: number,
    localAddress?: string,
  ): Promise<Uint8Array | undefined>;
}

export const networkTransport: TransferTransport = {
  stream: (server, query, options) => tcpMessages(server, query, options),
  datagram: (server, query, timeoutMs, localAddress) => udpExchange(server, query, timeoutMs, localAddress),
};

export interface ClientOptions {
  key?: TsigKey;
  timeoutMs?: number;
  transport?: TransferTransport;
  localAddress?: string;
}

export interface PullOptions extends ClientOptions {
  zone: Name;
  /** Ask for IXFR from this SOA (RFC 1995 §3); AXFR when absent. */
  currentSoa?: { ttl: number; rdata: Uint8Array };
}

export type PullResult = TransferResult & { messages: number; bytes: number; via: 'axfr' | 'ixfr' };

function buildRequest(zone: Name, type: number, authority?: ResourceRecord): Uint8Array {
  const w = new MessageWriter(4096);
  w.setHeader({ id: randomInt(0, 0x10000), opcode: Opcode.QUERY });
  w.addQuestion({ name: zone, type, class: RRClass.IN });
  if (authority) w.addRecord('authority', authority);
  return w.finish();
}

function checkReply(message: Message, id: number, zone: Name, where: string): void {
  if (!message.qr || message.id !== id)
    throw new TransferFormatError(`${where}: reply with a wrong ID or not a response`);
  if (message.rcode !== Rcode.NOERROR) {
    throw new TransferRefusedError(message.rcode, `${where} answered ${rcodeToString(message.rcode)}`);
  }
  const q = message.questions[0];
  if (q && !q.name.equals(zone))
    throw new TransferFormatError(`${where}: reply for ${q.name}, asked ${zone}`);
}

/**
 * Pulls a zone from a primary over TCP: IXFR when `currentSoa` is given, else AXFR. Every
 * message is checked (ID, RCODE, TSIG when a key is given: RFC 8945 §5.3.1) and the records
 * are read until the transfer's closing SOA. An IXFR may come back AXFR-style (RFC 1995 §4);
 * the result says which. Refusals throw TransferRefusedError.
 */
export async function pullZone(server: Endpoint, options: PullOptions): Promise<PullResult> {
  const transport = options.transport ?? networkTransport;
  const kind = options.currentSoa ? 'ixfr' : 'axfr';
  const authority: ResourceRecord | undefined = options.currentSoa && {
    name: options.zone,
    type: RRType.SOA,
    class: RRClass.IN,
    ttl: options.currentSoa.ttl,
    rdata: options.currentSoa.rdata,
  };
  let query = buildRequest(options.zone, kind === 'ixfr' ? RRType.IXFR : RRType.AXFR, authority);
  const id = (query[0] << 8) | query[1];
  let verifier: TsigStreamVerifier | undefined;
  if (options.key) {
    const signed = signMessage(query, options.key);
    query = signed.message;
    verifier = new TsigStreamVerifier(options.key, signed.mac);
  }
  const where = `${kind.toUpperCase()} of ${options.zone} from ${formatEndpoint(server)}`;
  const clientSerial = options.currentSoa ? soaSerial(options.currentSoa.rdata) : undefined;
  const parser = new TransferParser(options.zone, kind, clientSerial);
  let messages = 0;
  let bytes = 0;
  for await (const raw of transport.stream(server, query, {
    timeoutMs: options.timeoutMs,
    localAddress: options.localAddress,
  })) {
    messages++;
    bytes += raw.length;
    verifier?.verify(raw);
    const message = decodeMessage(raw);
    checkReply(message, id, options.zone, where);
    if (parser.push(message.answers)) break;
  }
  const result = parser.end();
  verifier?.end();
  return { ...result, messages, bytes, via: kind };
}

/** IXFR first, AXFR when the primary does not do IXFR (NOTIMP, FORMERR) or breaks it. */
export async function pullIncremental(server: Endpoint, options: PullOptions): Promise<PullResult> {
  if (!options.currentSoa) return pullZone(server, options);
  try {
    return await pullZone(server, options);
  } catch (e) {
    const retry =
      (e instanceof TransferRefusedError && (e.rcode === Rcode.NOTIMP || e.rcode === Rcode.FORMERR)) ||
      e instanceof TransferFormatError;
    if (!retry) throw e;
    return pullZone(server, { ...options, currentSoa: undefined });
  }
}

/**
 * Asks a primary for the zone's SOA (the refresh check of RFC 1035 §4.3.5): over UDP, again
 * over TCP when truncated. The answer must be authoritative.
 */
export async function querySoa(
  server: Endpoint,
  zone: Name,
  options: ClientOptions = {},
): Promise<ResourceRecord> {
  const transport = options.transport ?? networkTransport;
  const timeoutMs = options.timeoutMs ?? 3000;
  let query = buildRequest(zone, RRType.SOA);
  const id = (query[0] << 8) | query[1];
  let verifier: TsigStreamVerifier | undefined;
  if (options.key) {
    const signed = signMessage(query, options.key);
    query = signed.message;
    verifier = new TsigStreamVerifier(options.key, signed.mac);
  }
  const where = `SOA query for ${zone} to ${formatEndpoint(server)}`;
  let raw = await transport.datagram(server, query, timeoutMs, options.localAddress);
  if (raw === undefined) raw = await transport.datagram(server, query, timeoutMs, options.localAddress);
  if (raw === undefined) throw new TransferTimeoutError(`${where}: no answer`);
  if ((raw[2] & 0x02) !== 0) {
    raw = undefined;
    for await (const m of transport.stream(server, query, {
      timeoutMs,
      localAddress: options.localAddress,
    })) {
      raw = m;
      break;
    }
    if (raw === undefined) throw new TransferTimeoutError(`${where}: no answer over TCP`);
  }
  verifier?.verify(raw);
  const message = decodeMessage(raw);
  checkReply(message, id, zone, where);
  const soa = message.answers.find((r) => r.type === RRType.SOA && r.name.equals(zone));
  if (!soa || !message.aa) throw new TransferFormatError(`${where}: no authoritative SOA in the answer`);
  return soa;
}
