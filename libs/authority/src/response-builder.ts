import {
  type Edns,
  ednsWireSize,
  type MessageWriter,
  type Question,
  Rcode,
  RRClass,
  type Section,
} from '@shoal/dns-wire';
import { proofRecords } from './dnssec/denial.js';
import { signaturesFor } from './dnssec/signatures.js';
import type { Additional, Outcome, Placed } from './outcome.js';

/** What the reply copies from the query, and the limits it must respect. */
export interface ReplyContext {
  id: number;
  opcode: number;
  rd: boolean;
  cd: boolean;
  /** Echoed exactly as received; absent when the query's question could not be read. */
  question?: Question;
  /** The OPT record of the reply; present iff the query had one (RFC 6891 §7). */
  edns?: Edns;
  /** Size limit of the whole reply: the UDP payload size, or 65535 over TCP. */
  maxSize: number;
  /** False when the question is for class ANY: another class could hold data we do not (RFC 1035 §6.1). */
  authoritative: boolean;
}

interface Sections {
  rcode: number;
  aa: boolean;
  answer: readonly Placed[];
  authority: readonly Placed[];
  additional: readonly Additional[];
}

const NONE: readonly never[] = [];

/** Response code, AA bit and sections for each kind of outcome. */
export function sectionsOf(outcome: Outcome): Sections {
  switch (outcome.kind) {
    case 'refused':
      return { rcode: Rcode.REFUSED, aa: false, answer: NONE, authority: NONE, additional: NONE };
    case 'answer':
      return {
        rcode: Rcode.NOERROR,
        aa: true,
        answer: outcome.chain.length === 0 ? outcome.answer : [...outcome.chain, ...outcome.answer],
        authority: NONE,
        additional: outcome.additional,
      };
    case 'nodata':
    case 'nxdomain':
      return {
        rcode: outcome.kind === 'nodata' ? Rcode.NOERROR : Rcode.NXDOMAIN,
        aa: true,
        answer: outcome.chain,
        authority: [outcome.soa],
        additional: NONE,
      };
    case 'delegation':
      // A referral is not authoritative, unless a CNAME of ours led to it:
      // AA speaks for the question name (RFC 1035 §4.1.1).
      return {
        rcode: Rcode.NOERROR,
        aa: outcome.chain.length > 0,
        answer: outcome.chain,
        authority: [outcome.ns],
        additional: outcome.glue,
      };
    case 'out-of-zone':
      return { rcode: Rcode.NOERROR, aa: true, answer: outcome.chain, authority: NONE, additional: NONE };
    case 'yxdomain':
      return { rcode: Rcode.YXDOMAIN, aa: true, answer: outcome.chain, authority: NONE, additional: NONE };
    case 'servfail':
      // The failure is in our own data for a name we are authoritative for; PowerDNS also sets AA.
      return { rcode: Rcode.SERVFAIL, aa: true, answer: NONE, authority: NONE, additional: NONE };
  }
}

/**
 * Writes the reply for `outcome`. Whole RRsets only: when an answer or
 * authority RRset, or required glue, does not fit, the reply is cut back to
 * the header, the question and OPT with TC set (RFC 2181 §9, RFC 9471 §3),
 * as PowerDNS does, so a resolver never caches a partial answer. Optional
 * additional data that does not fit is left out without TC (RFC 2181 §9).
 */
export function buildResponse(writer: MessageWriter, outcome: Outcome, ctx: ReplyContext): Uint8Array {
  const sections = sectionsOf(outcome);
  // RFC 4035 §3.1: DNSSEC records only for a query that set DO (RFC 3225).
  const dnssec = ctx.edns?.dnssecOk === true;
  const authority =
    dnssec && outcome.kind !== 'refused' && outcome.proofs?.length
      ? [...sections.authority, ...proofRecords(outcome.proofs)]
      : sections.authority;
  const aa = sections.aa && ctx.authoritative;
  begin(writer, ctx, sections.rcode, aa);
  const fits =
    writeAll(writer, 'answer', sections.answer, RRClass.IN, dnssec) &&
    writeAll(writer, 'authority', authority, RRClass.IN, dnssec) &&
    writeAdditional(writer, sections.additional, dnssec);
  if (!fits) {
    begin(writer, ctx, sections.rcode, aa);
    writer.setTruncated();
  }
  return end(writer, ctx);
}

/**
 * TC and nothing else, so the client asks again over TCP: the reply to ANY
 * over UDP (see Responder). AA is what the full reply would carry.
 */
export function buildRetryOverTcp(writer: MessageWriter, outcome: Outcome, ctx: ReplyContext): Uint8Array {
  begin(writer, ctx, Rcode.NOERROR, sectionsOf(outcome).aa && ctx.authoritative);
  writer.setTruncated();
  return end(writer, ctx);
}

/** A reply with no records: errors, refusals and the like. */
export function buildEmptyResponse(
  writer: MessageWriter,
  ctx: ReplyContext,
  rcode: number,
  aa = false,
): Uint8Array {
  begin(writer, ctx, rcode, aa);
  return end(writer, ctx);
}

/** A reply whose answer is `answer` as given, e.g. the CHAOS TXT records. */
export function buildAnswer(writer: MessageWriter, ctx: ReplyContext, answer: readonly Placed[]): Uint8Array {
  begin(writer, ctx, Rcode.NOERROR, true);
  if (!writeAll(writer, 'answer', answer, ctx.question?.class)) {
    begin(writer, ctx, Rcode.NOERROR, true);
    writer.setTruncated();
  }
  return end(writer, ctx);
}

function begin(writer: MessageWriter, ctx: ReplyContext, rcode: number, aa: boolean): void {
  writer.reset(ctx.maxSize);
  writer.setHeader({ id: ctx.id, qr: true, opcode: ctx.opcode, aa, rd: ctx.rd, cd: ctx.cd, rcode });
  if (ctx.question !== undefined) writer.addQuestion(ctx.question);
  // Room for OPT is held back so that records never crowd it out.
  if (ctx.edns !== undefined) writer.reserve(ednsWireSize(ctx.edns));
}

function end(writer: MessageWriter, ctx: ReplyContext): Uint8Array {
  if (ctx.edns !== undefined) {
    writer.release(ednsWireSize(ctx.edns));
    writer.addOpt(ctx.edns);
  }
  return writer.finish();
}

/**
 * Writes each RRset whole; with `dnssec`, together with its RRSIGs: an RRset and its
 * signatures fit together or not at all (RFC 4035 §3.1.1), so a validator never gets one
 * without the other.
 */
function writeAll(
  writer: MessageWriter,
  section: Section,
  rrsets: readonly Placed[],
  rrClass: number = RRClass.IN,
  dnssec = false,
): boolean {
  for (const placed of rrsets) {
    if (!writer.addRRset(section, recordsOf(placed, rrClass, dnssec))) return false;
  }
  return true;
}

function writeAdditional(writer: MessageWriter, rrsets: readonly Additional[], dnssec: boolean): boolean {
  for (const placed of rrsets) {
    const added = writer.addRRset('additional', recordsOf(placed, RRClass.IN, dnssec));
    if (!added && placed.required) return false;
  }
  return true;
}

function recordsOf(placed: Placed, rrClass: number, dnssec: boolean) {
  const records = placed.rrset.toRecords(placed.owner, rrClass, placed.ttl);
  if (!dnssec) return records;
  const sigs = signaturesFor(placed, rrClass);
  return sigs.length === 0 ? records : [...records, ...sigs];
}
