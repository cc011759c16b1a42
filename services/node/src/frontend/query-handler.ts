import type { Responder } from '@shoal/authority';

/** Where a query came from. */
export interface QueryContext {
  transport: 'udp' | 'tcp';
  remoteAddress: string;
  remotePort: number;
}

/**
 * A reply: one message, nothing (drop the query), or a stream of messages
 * sent in order, for zone transfers over TCP (RFC 5936 §2.2).
 */
export type QueryResult = Uint8Array | null | AsyncIterable<Uint8Array>;

/**
 * Answers one query. Synchronous answers go out at once; promised ones and
 * streams go out when ready, so a slow transfer never holds back the queries
 * pipelined behind it on the same TCP connection (RFC 7766 §6.2.1.1).
 */
export type QueryHandler = (query: Uint8Array, ctx: QueryContext) => QueryResult | Promise<QueryResult>;

/** The handler that asks the answer engine. */
export function responderHandler(responder: Responder): QueryHandler {
  return (query, ctx) => responder.respond(query, ctx.transport, ctx.remoteAddress);
}

export function isStream(result: QueryResult): result is AsyncIterable<Uint8Array> {
  return result !== null && !(result instanceof Uint8Array) && Symbol.asyncIterator in result;
}
