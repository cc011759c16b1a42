import {
  canonicalRdata,
  decodeMessage,
  encodeMessage,
  type Message,
  Name,
  type ResourceRecord,
  rcodeToString,
  rdataToText,
  rrClassFromString,
  rrClassToString,
  rrTypeFromString,
  rrTypeToString,
} from '@shoal/dns-wire';
import { tcpExchange, udpExchange } from '../harness/index.js';
import type { DifferentialQuery } from './pdns-differential-corpus.js';

/** The parts of a reply the servers are compared on. */
export interface ReplySummary {
  rcode: string;
  aa: boolean;
  tc: boolean;
  /** The question as echoed, case included. */
  question: string;
  opt: boolean;
  answer: string[];
  authority: string[];
  additional: string[];
}

export type Field = keyof ReplySummary;
export const FIELDS: readonly Field[] = [
  'rcode',
  'aa',
  'tc',
  'question',
  'opt',
  'answer',
  'authority',
  'additional',
];

export function buildDifferentialQuery(q: DifferentialQuery, id: number): Uint8Array {
  const edns = q.variant.startsWith('edns') || q.variant === 'do';
  const size = q.variant === 'edns512' ? 512 : q.variant === 'edns4096' ? 4096 : 1232;
  return encodeMessage({
    id,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: false,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [
      { name: Name.parse(q.qname), type: rrTypeFromString(q.qtype), class: rrClassFromString(q.qclass) },
    ],
    answers: [],
    authorities: [],
    additionals: [],
    edns: edns
      ? {
          udpPayloadSize: size,
          extendedRcode: 0,
          version: 0,
          dnssecOk: q.variant === 'do',
          flags: 0,
          options: [],
        }
      : undefined,
  });
}

/** Sends the query over the variant's transport; undefined when no reply came. */
export async function exchange(
  q: DifferentialQuery,
  port: number,
  id: number,
): Promise<ReplySummary | undefined> {
  const bytes = buildDifferentialQuery(q, id);
  const reply =
    q.variant === 'tcp'
      ? await tcpExchange(bytes, port, '127.0.0.1', 2000)
      : await udpExchange(bytes, port, '127.0.0.1', 1500);
  return reply === undefined ? undefined : summarize(decodeMessage(reply));
}

export function summarize(message: Message): ReplySummary {
  const [question] = message.questions;
  return {
    rcode: rcodeToString(message.rcode),
    aa: message.aa,
    tc: message.tc,
    question: question
      ? `${question.name} ${rrClassToString(question.class)} ${rrTypeToString(question.type)}`
      : '',
    opt: message.edns !== undefined,
    answer: canonicalTexts(message.answers),
    authority: canonicalTexts(message.authorities),
    additional: canonicalTexts(message.additionals),
  };
}

/**
 * Records as sorted text with names in canonical (lowercase) form: name case
 * in owners and RDATA is not significant (RFC 4343), and the servers differ
 * in which spelling they copy.
 */
function canonicalTexts(records: readonly ResourceRecord[]): string[] {
  return records
    .map(
      (rr) =>
        `${rr.name.key} ${rr.ttl} ${rrClassToString(rr.class)} ${rrTypeToString(rr.type)} ${rdataToText(rr.type, canonicalRdata(rr.type, rr.rdata))}`,
    )
    .sort();
}

/** The fields in which two replies differ. */
export function differingFields(ours: ReplySummary | undefined, theirs: ReplySummary | undefined): Field[] {
  if (ours === undefined || theirs === undefined) return ours === theirs ? [] : [...FIELDS];
  return FIELDS.filter((field) => JSON.stringify(ours[field]) !== JSON.stringify(theirs[field]));
}
