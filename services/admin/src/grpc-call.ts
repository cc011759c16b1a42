import * as grpc from '@grpc/grpc-js';
import type { WriteOptions } from '@shoal/admin-api';
import { authorize, bearerToken, type Permission, type Principal, type TokenAuthenticator } from './auth.js';
import { ValidationError } from './errors.js';
import { toServiceError } from './grpc-status.js';
import type { AdminStatistics } from './statistics.js';
import { inServerSpan } from './trace-context.js';
import type { Caller } from './zone-admin.js';

export interface Logger {
  info: (o: object, m?: string) => void;
  warn: (o: object, m?: string) => void;
}

/** What every kind of server call offers. */
interface AnyCall {
  readonly metadata: grpc.Metadata;
  getDeadline(): grpc.Deadline;
  on(event: 'cancelled', listener: () => void): unknown;
}

/** What a handler knows of its call: who, the trace to continue, and when to stop. */
export class CallContext {
  private readonly abort = new AbortController();
  private readonly deadline: number;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly principal: Principal,
    readonly traceparent: string | undefined,
    call: AnyCall,
  ) {
    const d = call.getDeadline();
    this.deadline = d instanceof Date ? d.getTime() : Number(d);
    call.on('cancelled', () => this.abort.abort());
    if (Number.isFinite(this.deadline)) {
      this.timer = setTimeout(() => this.abort.abort(), Math.max(0, this.deadline - Date.now()));
    }
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Milliseconds left before the client's deadline (Infinity without one). */
  get remainingMs(): number {
    return this.deadline - Date.now();
  }

  authorize(permission: Permission): void {
    authorize(this.principal, permission);
  }

  caller(options?: WriteOptions): Caller {
    return {
      actor: this.principal.name,
      requestId: options?.requestId || undefined,
      reason: options?.reason,
      traceparent: this.traceparent,
      signal: this.signal,
      deadlineExceeded: () => Date.now() >= this.deadline,
    };
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/**
 * The edge every gRPC call passes: bearer-token authentication, a span continuing the
 * caller's W3C trace, deadline and cancellation, error mapping, logging and counting.
 */
export class GrpcEdge {
  constructor(
    private readonly auth: TokenAuthenticator,
    private readonly stats: AdminStatistics,
    private readonly log: Logger,
  ) {}

  private run(
    method: string,
    call: AnyCall,
    body: (ctx: CallContext) => Promise<void>,
    fail: (status: Partial<grpc.StatusObject>) => void,
  ) {
    const started = Date.now();
    this.stats.count('grpc-requests');
    const incoming = call.metadata.get('traceparent')[0]?.toString();
    void inServerSpan(
      `dns.admin.v1/${method}`,
      incoming,
      { 'rpc.system': 'grpc', 'rpc.method': method },
      async (_span, traceparent) => {
        let ctx: CallContext | undefined;
        try {
          const principal = this.auth.authenticate(
            bearerToken(call.metadata.get('authorization')[0]?.toString()),
          );
          ctx = new CallContext(principal, traceparent, call);
          await body(ctx);
        } catch (err) {
          const status = toServiceError(err);
          if (err instanceof ValidationError) this.stats.count('validation-failures');
          if (status.code === grpc.status.INTERNAL)
            this.log.warn({ method, err: String(err) }, 'internal error');
          try {
            fail(status);
          } catch (e) {
            // Never leave a call unanswered because its error could not be encoded.
            fail({ code: grpc.status.INTERNAL, details: String(e) });
          }
          throw err;
        } finally {
          ctx?.dispose();
          this.log.info({ method, ms: Date.now() - started }, 'grpc call');
        }
      },
    ).catch(() => {});
  }

  unary<Req, Res>(
    method: string,
    permission: (req: Req) => Permission,
    handler: (req: Req, ctx: CallContext) => Promise<Res>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) =>
      this.run(
        method,
        call as AnyCall,
        async (ctx) => {
          ctx.authorize(permission(call.request));
          const res = await handler(call.request, ctx);
          callback(null, res);
        },
        (status) => callback(status, null),
      );
  }

  /** Client streaming: the handler reads the stream and authorizes once it knows what is asked. */
  clientStream<Req, Res>(
    method: string,
    handler: (call: grpc.ServerReadableStream<Req, Res>, ctx: CallContext) => Promise<Res>,
  ): grpc.handleClientStreamingCall<Req, Res> {
    return (call, callback) =>
      this.run(
        method,
        call as AnyCall,
        async (ctx) => callback(null, await handler(call, ctx)),
        (status) => callback(status, null),
      );
  }

  serverStream<Req, Res>(
    method: string,
    permission: (req: Req) => Permission,
    handler: (req: Req, ctx: CallContext, write: (res: Res) => Promise<void>) => Promise<void>,
  ): grpc.handleServerStreamingCall<Req, Res> {
    return (call) =>
      this.run(
        method,
        call as AnyCall,
        async (ctx) => {
          ctx.authorize(permission(call.request));
          // Honour flow control: wait for the client to drain rather than buffer a whole zone.
          const write = (res: Res) =>
            new Promise<void>((resolve, reject) => {
              if (ctx.signal.aborted) return reject(new Error('cancelled'));
              if (call.write(res)) resolve();
              else call.once('drain', resolve);
            });
          await handler(call.request, ctx, write);
          call.end();
        },
        (status) => {
          if (!call.cancelled) call.emit('error', status);
        },
      );
  }
}
