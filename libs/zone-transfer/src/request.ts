import { decodeMessage, type Message, Opcode, type Question, RRType, soaSerial } from '@shoal/dns-wire';

/** Cheap look at a query's header and first question, to route it without decoding. */
export interface QueryPeek {
  id: number;
  opcode: number;
  qr: boolean;
  qdcount: number;
  arcount: number;
  /** 0 when there is no question or it could not be read. */
  qtype: number;
  /** Offset just past the first question's name. */
  nameEnd: number;
}

/** Reads the header and the type of the first question straight from the octets. */
export function peekQuery(query: Uint8Array): QueryPeek | undefined {
  if (query.length < 12) return undefined;
  const qdcount = (query[4] << 8) | query[5];
  const peek: QueryPeek = {
    id: (query[0] << 8) | query[1],
    opcode: (query[2] >> 3) & 0xf,
    qr: (query[2] & 0x80) !== 0,
    qdcount,
    arcount: (query[10] << 8) | query[11],
    qtype: 0,
    nameEnd: 12,
  };
  if (qdcount === 0) return peek;
  let p = 12;
  while (p < query.length) {
    const len = query[p];
    if (len === 0) {
      p++;
      break;
    }
    if (len >= 0xc0) {
      p += 2;
      break;
    }
    p += len + 1;
  }
  if (p + 4 > query.length) return peek;
  peek.nameEnd = p;
  peek.qtype = (query[p] << 8) | query[p + 1];
  return peek;
}

/** A decoded AXFR or IXFR request. */
export interface TransferRequest {
  message: Message;
  id: number;
  question: Question;
  kind: 'axfr' | 'ixfr';
  /** IXFR: the serial the client has, from the SOA in its authority section (RFC 1995 §3). */
  clientSerial?: number;
}

/** Decodes a transfer query; undefined when it is not one (or has no usable question). */
export function parseTransferRequest(query: Uint8Array): TransferRequest | undefined {
  const message = decodeMessage(query);
  if (message.qr || message.opcode !== Opcode.QUERY || message.questions.length !== 1) return undefined;
  const question = message.questions[0];
  if (question.type !== RRType.AXFR && question.type !== RRType.IXFR) return undefined;
  const request: TransferRequest = {
    message,
    id: message.id,
    question,
    kind: question.type === RRType.AXFR ? 'axfr' : 'ixfr',
  };
  if (request.kind === 'ixfr') {
    const soa = message.authorities.find((r) => r.type === RRType.SOA && r.name.equals(question.name));
    if (soa) request.clientSerial = soaSerial(soa.rdata);
  }
  return request;
}
