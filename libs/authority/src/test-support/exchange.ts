import {
  decodeMessage,
  type EdnsOption,
  EdnsOptionCode,
  encodeMessage,
  type Message,
  Name,
  Rcode,
  type ResourceRecord,
  RRClass,
  rcodeToString,
  recordToText,
  rrTypeFromString,
} from '@shoal/dns-wire';
import type { Responder, Transport } from '../responder.js';

export interface QueryOptions {
  qclass?: number;
  /** EDNS UDP payload size; no OPT when absent. */
  edns?: number;
  dnssecOk?: boolean;
  nsid?: boolean;
  /** More EDNS options, after NSID. */
  options?: EdnsOption[];
  transport?: Transport;
  rd?: boolean;
  id?: number;
}

export function queryBytes(qname: string, qtype: string, options: QueryOptions = {}): Uint8Array {
  const message: Message = {
    id: options.id ?? 0x1234,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: options.rd ?? false,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [
      { name: Name.parse(qname), type: rrTypeFromString(qtype), class: options.qclass ?? RRClass.IN },
    ],
    answers: [],
    authorities: [],
    additionals: [],
  };
  if (options.edns !== undefined) {
    message.edns = {
      udpPayloadSize: options.edns,
      extendedRcode: 0,
      version: 0,
      dnssecOk: options.dnssecOk ?? false,
      flags: 0,
      options: [
        ...(options.nsid ? [{ code: EdnsOptionCode.NSID, data: new Uint8Array(0) }] : []),
        ...(options.options ?? []),
      ],
    };
  }
  return encodeMessage(message);
}

/** A reply as the tables spell it: sorted single-spaced record text per section. */
export interface Summary {
  rcode: string;
  flags: string[];
  answer: string[];
  authority: string[];
  additional: string[];
}

export function summarize(reply: Uint8Array): Summary {
  const message = decodeMessage(reply);
  const flags: string[] = [];
  if (message.aa) flags.push('aa');
  if (message.tc) flags.push('tc');
  return {
    rcode: rcodeToString(message.rcode),
    flags,
    answer: texts(message.answers),
    authority: texts(message.authorities),
    additional: texts(message.additionals),
  };
}

export function ask(responder: Responder, qname: string, qtype: string, options: QueryOptions = {}): Message {
  const reply = responder.respond(queryBytes(qname, qtype, options), options.transport ?? 'udp');
  if (reply === null) throw new Error(`no reply to ${qname} ${qtype}`);
  return decodeMessage(reply);
}

export function texts(records: readonly ResourceRecord[]): string[] {
  return records.map((rr) => recordToText(rr).split(/\s+/).join(' ')).sort();
}

export const NOERROR = rcodeToString(Rcode.NOERROR);
