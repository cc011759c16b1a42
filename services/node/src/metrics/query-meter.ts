import { performance } from 'node:perf_hooks';
import type { QueryContext, QueryHandler, QueryResult } from '../frontend/index.js';
import {
  COUNTER_SLOTS,
  counterIndex,
  OPCODE_SLOT,
  QTYPE_NONE,
  QTYPE_SLOT,
  RCODE_NO_REPLY,
  TRANSPORT_SLOTS,
} from './labels.js';
import { LatencyHistogram, QUERY_SECONDS_BUCKETS, TRANSFER_SECONDS_BUCKETS } from './latency-histogram.js';
import { TopNames } from './top-names.js';
import { opcodeOf, questionName, questionType } from './wire-peek.js';

/** One sampled query for the query log. */
export interface QueryLogEntry {
  qname: string;
  qtype: number;
  opcode: number;
  /** The reply's header RCODE, or -1 when nothing was sent. */
  rcode: number;
  transport: 'udp' | 'tcp';
  client: string;
  clientPort: number;
}

export type ErrorKind = 'handler' | 'socket' | 'transfer' | 'projection';
export const ERROR_KINDS: readonly ErrorKind[] = ['handler', 'socket', 'transfer', 'projection'];

/** One top-name sample per this many queries: enough to rank names, cheap at any rate. */
const NAME_SAMPLE_EVERY = 16;
/**
 * One query in this many is timed for the latency histogram: a clock read costs about 50 ns
 * and timing takes two, more than all the counting together. A fixed stride samples steady
 * traffic without bias; the histogram's _count is the number of timed queries.
 */
export const LATENCY_SAMPLE_EVERY = 8;

function isIterable(r: unknown): r is AsyncIterable<Uint8Array> {
  return r !== null && typeof r === 'object' && Symbol.asyncIterator in r;
}

/**
 * Everything the node counts about the queries it answers, kept in plain numbers and typed
 * arrays because it runs for every packet: an OpenTelemetry API call with attributes costs
 * about 0.4-1 µs, several times this whole meter. The exporters read these arrays only when
 * metrics are collected (observable instruments and a histogram producer).
 */
export class QueryMeter {
  /** By transport, opcode, qtype and rcode (see labels.ts counterIndex). */
  readonly counters = new Float64Array(COUNTER_SLOTS);
  /** Time from the packet reaching the handler to its reply being ready, by transport (sampled). */
  readonly latency = [
    new LatencyHistogram(QUERY_SECONDS_BUCKETS),
    new LatencyHistogram(QUERY_SECONDS_BUCKETS),
  ];
  readonly transferSeconds = new LatencyHistogram(TRANSFER_SECONDS_BUCKETS);
  readonly transferMessages = new Float64Array(1);
  readonly responseBytes = new Float64Array(TRANSPORT_SLOTS);
  readonly truncated = new Float64Array(TRANSPORT_SLOTS);
  readonly errors = new Float64Array(ERROR_KINDS.length);
  /** UDP replies held back by response rate limiting: [dropped, sent truncated]. */
  readonly rateLimited = new Float64Array(2);
  readonly topNames = new TopNames();
  /** Total queries seen, for rates. */
  total = 0;
  private nameCountdown = NAME_SAMPLE_EVERY;
  private timeCountdown = LATENCY_SAMPLE_EVERY;
  /** Errors thrown by the handler, counted as such, so the front end's report is not counted twice. */
  private readonly thrown = new WeakSet<object>();
  private queryLog?: (entry: QueryLogEntry) => void;
  private queryLogRate = 0;

  /** Turns query logging on (a rate in (0, 1]) or off (undefined or 0). */
  setQueryLog(log: ((entry: QueryLogEntry) => void) | undefined, sampleRate: number): void {
    this.queryLog = sampleRate > 0 ? log : undefined;
    this.queryLogRate = sampleRate;
  }

  noteError(kind: ErrorKind): void {
    this.errors[ERROR_KINDS.indexOf(kind)]++;
  }

  /** An error the DNS front end reports: a socket error, unless it is a handler error already counted. */
  noteFrontendError(error: unknown): void {
    if (typeof error === 'object' && error !== null && this.thrown.has(error)) return;
    this.errors[ERROR_KINDS.indexOf('socket')]++;
  }

  private handlerFailed(error: unknown): void {
    this.errors[0]++;
    if (typeof error === 'object' && error !== null) this.thrown.add(error);
  }

  /** A handler that meters `inner`'s work and returns exactly what it returns. */
  wrap(inner: QueryHandler): QueryHandler {
    return (query, ctx) => {
      // 0 means "not timed"; a real clock reading is never 0 this long after start.
      let started = 0;
      if (--this.timeCountdown === 0) {
        this.timeCountdown = LATENCY_SAMPLE_EVERY;
        started = performance.now();
      }
      let result: QueryResult | Promise<QueryResult>;
      try {
        result = inner(query, ctx);
      } catch (error) {
        this.handlerFailed(error);
        throw error;
      }
      if (result === null || result instanceof Uint8Array) {
        this.record(query, ctx, result, started);
        return result;
      }
      return this.follow(query, ctx, result, started);
    };
  }

  private record(query: Uint8Array, ctx: QueryContext, reply: Uint8Array | null, started: number): void {
    const transport = ctx.transport === 'udp' ? 0 : 1;
    const type = questionType(query);
    const qslot = type < 0 ? QTYPE_NONE : QTYPE_SLOT[type];
    const rcode = reply === null || reply.length < 4 ? RCODE_NO_REPLY : reply[3] & 0x0f;
    this.counters[counterIndex(transport, OPCODE_SLOT[opcodeOf(query)], qslot, rcode)]++;
    if (started !== 0) this.latency[transport].observe((performance.now() - started) / 1000);
    this.total++;
    if (reply !== null) {
      this.responseBytes[transport] += reply.length;
      if (reply.length > 2 && (reply[2] & 0x02) !== 0) this.truncated[transport]++;
    }
    if (--this.nameCountdown === 0) {
      this.nameCountdown = NAME_SAMPLE_EVERY;
      const name = questionName(query);
      if (name !== undefined) this.topNames.add(name);
    }
    if (this.queryLog !== undefined && Math.random() < this.queryLogRate) {
      this.queryLog({
        qname: questionName(query) ?? '',
        qtype: type,
        opcode: opcodeOf(query),
        rcode: rcode === RCODE_NO_REPLY ? -1 : rcode,
        transport: ctx.transport,
        client: ctx.remoteAddress,
        clientPort: ctx.remotePort,
      });
    }
  }

  /** Promised replies and streams (zone transfers): metered when they are ready or done. */
  private async follow(
    query: Uint8Array,
    ctx: QueryContext,
    pending: Promise<QueryResult> | AsyncIterable<Uint8Array>,
    started: number,
  ): Promise<QueryResult> {
    // Transfers are few and each is timed; their start is the first moment we know of one.
    if (started === 0) started = performance.now();
    let result: QueryResult;
    try {
      result = isIterable(pending) ? pending : await pending;
    } catch (error) {
      this.handlerFailed(error);
      throw error;
    }
    if (result === null || result instanceof Uint8Array) {
      this.record(query, ctx, result, started);
      return result;
    }
    return this.stream(query, ctx, result, started);
  }

  private async *stream(
    query: Uint8Array,
    ctx: QueryContext,
    messages: AsyncIterable<Uint8Array>,
    started: number,
  ): AsyncIterable<Uint8Array> {
    let first = true;
    try {
      for await (const message of messages) {
        if (first) {
          // The first message carries the RCODE and counts the query, its bytes included.
          this.record(query, ctx, message, started);
          first = false;
        } else {
          this.responseBytes[ctx.transport === 'udp' ? 0 : 1] += message.length;
        }
        this.transferMessages[0]++;
        yield message;
      }
    } catch (error) {
      this.errors[ERROR_KINDS.indexOf('transfer')]++;
      throw error;
    } finally {
      if (first) this.record(query, ctx, null, started);
      this.transferSeconds.observe((performance.now() - started) / 1000);
    }
  }
}
