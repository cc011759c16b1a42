import { decodeMessage, type Name, Opcode, type Question, Rcode, RRType, soaSerial } from '@shoal/dns-wire';
import {
  findTsig,
  signMessage,
  type TsigKey,
  type TsigKeyring,
  TsigStreamSigner,
  type TsigVerification,
  tsigErrorAnswer,
  tsigErrorName,
  verifyLocated,
} from '@shoal/tsig';
import { type AccessDecision, decideTransferAccess, type TransferPolicy } from './access.js';
import { axfrMessages, DEFAULT_TRANSFER_MESSAGE_SIZE } from './axfr.js';
import { type IxfrPlan, ixfrMessages, ixfrUdpResponse, planIxfr, singleSoaResponse } from './ixfr.js';
import { errorResponse, type MessageSigner } from './packer.js';
import { parseTransferRequest, type TransferRequest } from './request.js';
import type { ZoneSource } from './source.js';

/** A zone as the transfer server sees it. */
export interface TransferZone {
  origin: Name;
  source: ZoneSource;
  policy: TransferPolicy;
}

export interface PeerContext {
  transport: 'udp' | 'tcp';
  remoteAddress: string;
  remotePort: number;
}

/** One transfer served or refused, for logs and counters. */
export interface TransferEvent {
  zone: string;
  remote: string;
  /** What was asked. */
  qtype: 'axfr' | 'ixfr';
  /** What was sent: a whole zone, differences, one SOA, or a refusal. */
  outcome:
    | 'axfr'
    | 'ixfr'
    | 'ixfr-as-axfr'
    | 'up-to-date'
    | 'udp-soa'
    | 'refused'
    | 'notauth'
    | 'formerr'
    | 'failed';
  transport: 'udp' | 'tcp';
  via?: 'acl' | 'tsig';
  key?: string;
  clientSerial?: number;
  serial?: number;
  messages?: number;
  bytes?: number;
  durationMs?: number;
  reason?: string;
}

export interface TransferServerOptions {
  /** The zone whose apex is exactly `name`, if we serve it. */
  findZone(name: Name): TransferZone | undefined;
  keyring: TsigKeyring;
  /** Condense IXFR differences into one (RFC 1995 §5); default true. */
  condense?: boolean;
  maxMessageSize?: number;
  /** Our UDP payload limit for IXFR over UDP. */
  maxUdpPayload?: number;
  onTransfer?: (event: TransferEvent) => void;
  /** Seconds since 1970, for TSIG. */
  now?: () => number;
}

/** What the front end sends back: one message, or a stream of them over TCP. */
export type TransferReply = Uint8Array | AsyncIterable<Uint8Array>;

interface Verified {
  key?: TsigKey;
  requestMac?: Uint8Array;
}

/** A one-message reply, signed over the request's MAC when the request was signed and verified. */
function reply(
  request: { id: number; question?: Question; opcode?: number },
  rcode: number,
  verified: Verified,
): Uint8Array {
  const bytes = errorResponse(request.id, request.opcode ?? Opcode.QUERY, request.question, rcode);
  return verified.key ? signMessage(bytes, verified.key, { requestMac: verified.requestMac }).message : bytes;
}

/**
 * Checks the TSIG of a request (RFC 8945 §5.2). Returns the verified key, the failure answer
 * to send (NOTAUTH with the TSIG error, §5.3.2), or nothing for an unsigned request.
 */
export function checkRequestTsig(
  query: Uint8Array,
  keyring: TsigKeyring,
  now?: number,
): { verified: Verified; failure?: { answer: Uint8Array; reason: string } } {
  const location = findTsig(query);
  if (!location) return { verified: {} };
  const result: TsigVerification = verifyLocated(query, location, keyring, { now });
  if (result.ok) return { verified: { key: result.key, requestMac: result.mac } };
  const q = decodeMessage(query);
  const base = errorResponse(q.id, q.opcode, q.questions[0], Rcode.NOTAUTH);
  return {
    verified: {},
    failure: {
      answer: tsigErrorAnswer(base, location.record, result.error, result.key, now),
      reason: `TSIG ${tsigErrorName(result.error)}: ${result.reason}`,
    },
  };
}

/**
 * Answers an AXFR or IXFR query (RFC 5936, RFC 1995): TSIG check, zone lookup, access decision,
 * then the response stream. Never throws for a bad query: it answers FORMERR, NOTAUTH or
 * REFUSED as the case may be. The returned stream signs every message when the request was
 * signed. Undefined when the query is not a transfer request.
 */
export async function answerTransfer(
  query: Uint8Array,
  peer: PeerContext,
  options: TransferServerOptions,
): Promise<TransferReply | undefined> {
  const started = Date.now();
  const remote = `${peer.remoteAddress}#${peer.remotePort}`;
  let request: TransferRequest | undefined;
  try {
    request = parseTransferRequest(query);
  } catch {
    const id = query.length >= 2 ? (query[0] << 8) | query[1] : 0;
    return errorResponse(id, Opcode.QUERY, undefined, Rcode.FORMERR);
  }
  if (!request) return undefined;
  const { question } = request;
  const event: TransferEvent = {
    zone: question.name.key,
    remote,
    qtype: request.kind,
    outcome: 'refused',
    transport: peer.transport,
  };
  const report = (patch: Partial<TransferEvent>) =>
    options.onTransfer?.({ ...event, ...patch, durationMs: Date.now() - started });

  let tsig: ReturnType<typeof checkRequestTsig>;
  try {
    tsig = checkRequestTsig(query, options.keyring, options.now?.());
  } catch (e) {
    report({ outcome: 'formerr', reason: (e as Error).message });
    return reply(request, Rcode.FORMERR, {});
  }
  if (tsig.failure) {
    report({ outcome: 'notauth', reason: tsig.failure.reason });
    return tsig.failure.answer;
  }
  const verified = tsig.verified;
  if (verified.key) event.key = verified.key.name.key;
  const zone = options.findZone(question.name);
  if (!zone) {
    report({ outcome: 'notauth', reason: 'not authoritative for this zone' });
    return reply(request, Rcode.NOTAUTH, verified);
  }
  const decision: AccessDecision = decideTransferAccess(zone.policy, peer.remoteAddress, verified.key);
  if (!decision.allowed) {
    report({ outcome: 'refused', reason: decision.reason });
    return reply(request, decision.rcode, verified);
  }
  event.via = decision.via;
  const currentSoa = zone.source.soa();
  if (currentSoa) event.serial = soaSerial(currentSoa.rdata);
  if (request.kind === 'axfr' && peer.transport === 'udp') {
    report({ outcome: 'formerr', reason: 'AXFR over UDP (RFC 5936 §4.2)' });
    return reply(request, Rcode.FORMERR, verified);
  }
  if (request.kind === 'ixfr' && request.clientSerial === undefined) {
    report({ outcome: 'formerr', reason: 'IXFR without the client SOA (RFC 1995 §3)' });
    return reply(request, Rcode.FORMERR, verified);
  }
  const signer = (): MessageSigner | undefined =>
    verified.key ? new TsigStreamSigner(verified.key, verified.requestMac!, { now: options.now }) : undefined;
  const streamOptions = {
    id: request.id,
    question,
    maxSize: options.maxMessageSize ?? DEFAULT_TRANSFER_MESSAGE_SIZE,
  };

  let plan: IxfrPlan | undefined;
  if (request.kind === 'ixfr') {
    event.clientSerial = request.clientSerial;
    plan = await planIxfr(zone.origin, request.clientSerial!, zone.source, {
      condense: options.condense ?? true,
    });
    if (peer.transport === 'udp') {
      const current = currentSoa;
      if (!current) return reply(request, Rcode.SERVFAIL, verified);
      const maxSize = Math.max(
        512,
        Math.min(options.maxUdpPayload ?? 1232, request.message.edns?.udpPayloadSize ?? 512),
      );
      const bytes = ixfrUdpResponse(zone.origin, plan, current, { ...streamOptions, maxSize }, signer);
      const answers = (bytes[6] << 8) | bytes[7];
      const outcome = plan.kind === 'up-to-date' ? 'up-to-date' : answers > 1 ? 'ixfr' : 'udp-soa';
      report({ outcome, messages: 1, bytes: bytes.length });
      return bytes;
    }
    if (plan.kind === 'up-to-date') {
      const bytes = singleSoaResponse(zone.origin, plan.soa, { ...streamOptions, signer: signer() });
      report({ outcome: 'up-to-date', messages: 1, bytes: bytes.length });
      return bytes;
    }
  }
  const messages =
    plan?.kind === 'incremental'
      ? ixfrMessages(zone.origin, plan, { ...streamOptions, signer: signer() })
      : axfrMessages(zone.origin, zone.source, { ...streamOptions, signer: signer() });
  const outcome: TransferEvent['outcome'] =
    plan?.kind === 'incremental' ? 'ixfr' : plan?.kind === 'full' ? 'ixfr-as-axfr' : 'axfr';
  return counted(messages, (count, bytes, error) =>
    report(
      error
        ? { outcome: 'failed', reason: String(error), messages: count, bytes }
        : { outcome, messages: count, bytes },
    ),
  );
}

async function* counted(
  messages: AsyncIterable<Uint8Array>,
  done: (count: number, bytes: number, error?: unknown) => void,
): AsyncGenerator<Uint8Array> {
  let count = 0;
  let bytes = 0;
  let error: unknown = 'the client went away';
  try {
    for await (const m of messages) {
      count++;
      bytes += m.length;
      yield m;
    }
    error = undefined;
  } catch (e) {
    error = e;
    throw e;
  } finally {
    done(count, bytes, error);
  }
}

/** True for a query the transfer server handles: QUERY opcode with AXFR or IXFR asked. */
export function isTransferQuery(opcode: number, qtype: number): boolean {
  return opcode === Opcode.QUERY && (qtype === RRType.AXFR || qtype === RRType.IXFR);
}
