import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  FleetServiceService,
  type FleetServiceServer,
  type WriteOptions,
  type WriteResult,
  ZoneAdminServiceService,
  type ZoneAdminServiceServer,
} from '@shoal/admin-api';
import { ConcurrencyConflictError, EventStoreUnavailableError } from '@shoal/event-store';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { authorize, bearerToken, type Permission, type Principal, type TokenAuthenticator } from './auth.js';
import {
  PermissionDeniedError,
  UnauthenticatedError,
  ValidationError,
  WriteContentionError,
  ZoneExistsError,
  ZoneNotFoundError,
} from './errors.js';
import type { FleetTracker } from './fleet.js';
import type { Caller, ZoneAdmin } from './zone-admin.js';
import type { WriteOutcome } from './zone-writer.js';

const tracer = trace.getTracer('shoal-admin');

/** Maps the admin's errors to gRPC status codes; validation details travel as JSON metadata. */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  const e = err as Error;
  if (err instanceof ValidationError) {
    metadata.set('x-violations', JSON.stringify(err.violations));
    return { code: grpc.status.INVALID_ARGUMENT, details: e.message, metadata };
  }
  if (err instanceof ZoneNotFoundError) return { code: grpc.status.NOT_FOUND, details: e.message, metadata };
  if (err instanceof ZoneExistsError) return { code: grpc.status.ALREADY_EXISTS, details: e.message, metadata };
  if (err instanceof UnauthenticatedError) return { code: grpc.status.UNAUTHENTICATED, details: e.message, metadata };
  if (err instanceof PermissionDeniedError) return { code: grpc.status.PERMISSION_DENIED, details: e.message, metadata };
  if (err instanceof WriteContentionError || err instanceof ConcurrencyConflictError) {
    return { code: grpc.status.ABORTED, details: e.message, metadata };
  }
  if (err instanceof EventStoreUnavailableError) return { code: grpc.status.UNAVAILABLE, details: e.message, metadata };
  return { code: grpc.status.INTERNAL, details: e?.message ?? String(err), metadata };
}

type Handler<Req, Res> = (req: Req, principal: Principal, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>;

export class AdminGrpc {
  constructor(
    private readonly admin: ZoneAdmin,
    private readonly fleet: FleetTracker,
    private readonly auth: TokenAuthenticator,
    private readonly log: { info: (o: object, m?: string) => void; warn: (o: object, m?: string) => void },
  ) {}

  private unary<Req, Res>(
    method: string,
    permission: (req: Req) => Permission,
    handler: Handler<Req, Res>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      void tracer.startActiveSpan(`dns.admin.v1/${method}`, async (span) => {
        const started = Date.now();
        try {
          const principal = this.auth.authenticate(bearerToken(call.metadata.get('authorization')[0]?.toString()));
          authorize(principal, permission(call.request));
          if (call.cancelled) throw new Error('cancelled');
          const res = await handler(call.request, principal, call);
          callback(null, res);
          span.setStatus({ code: SpanStatusCode.OK });
        } catch (err) {
          const status = toServiceError(err);
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
          if (status.code === grpc.status.INTERNAL) this.log.warn({ method, err: String(err) }, 'internal error');
          callback(status, null);
        } finally {
          span.end();
          this.log.info({ method, ms: Date.now() - started }, 'grpc call');
        }
      });
    };
  }

  private caller(principal: Principal, options: WriteOptions | undefined, call: grpc.ServerUnaryCall<unknown, unknown>): Caller {
    return {
      actor: principal.name,
      requestId: options?.requestId || undefined,
      reason: options?.reason,
      traceparent: call.metadata.get('traceparent')[0]?.toString(),
    };
  }

  zoneAdminService(): ZoneAdminServiceServer {
    const result = (o: WriteOutcome): WriteResult => ({ sequence: o.sequence, serial: o.serial, duplicate: o.duplicate });
    return {
      createZone: this.unary('CreateZone', (r) => ({ kind: 'write-zone', zone: r.name }), async (req, p, call) =>
        result(
          await this.admin.createZone(
            { name: req.name, settings: req.settings, rrsets: req.rrsets, nameservers: req.nameservers },
            this.caller(p, req.options, call),
          ),
        ),
      ),
      deleteZone: this.unary('DeleteZone', (r) => ({ kind: 'write-zone', zone: r.name }), async (req, p, call) =>
        result(await this.admin.deleteZone(req.name, this.caller(p, req.options, call))),
      ),
      replaceRRset: this.unary('ReplaceRRset', (r) => ({ kind: 'write-zone', zone: r.zone }), async (req, p, call) => {
        if (!req.rrset) throw new ValidationError([{ field: 'rrset', rule: 'required', message: 'rrset is required' }]);
        return result(await this.admin.editRRsets(req.zone, [{ op: 'replace', rrset: req.rrset }], this.caller(p, req.options, call)));
      }),
      deleteRRset: this.unary('DeleteRRset', (r) => ({ kind: 'write-zone', zone: r.zone }), async (req, p, call) =>
        result(
          await this.admin.editRRsets(
            req.zone,
            [{ op: 'delete', rrset: { name: req.name, type: req.type, ttl: 0, records: [] } }],
            this.caller(p, req.options, call),
          ),
        ),
      ),
      getZone: this.unary('GetZone', () => ({ kind: 'read' }), async (req) => this.admin.getZone(req.name, !req.omitRecords)),
      listZones: this.unary('ListZones', () => ({ kind: 'read' }), async (req) => {
        const page = this.admin.listZones(req.pageSize, req.pageToken, req.nameSuffix);
        return { zones: page.zones, nextPageToken: page.nextPageToken };
      }),
    };
  }

  fleetService(streamLastSequence: () => number): FleetServiceServer {
    return {
      waitForSync: this.unary('WaitForSync', () => ({ kind: 'read' }), async (req) => {
        const r = await this.fleet.waitForSync({
          sequence: req.sequence,
          timeoutMs: Math.min(req.timeoutMs || 5000, 300_000),
          nodeIds: req.nodeIds,
          region: req.region || undefined,
        });
        return { inSync: r.inSync, nodes: r.nodes, waitedMs: r.waitedMs };
      }),
      fleetStatus: this.unary('FleetStatus', () => ({ kind: 'read' }), async () => {
        const last = streamLastSequence();
        return {
          streamLastSequence: last,
          nodes: this.fleet.all().map((n) => ({
            nodeId: n.heartbeat.nodeId,
            region: n.heartbeat.region,
            appliedSequence: n.heartbeat.appliedSequence,
            lagEvents: Math.max(0, Math.max(last, n.heartbeat.streamLastSequence) - n.heartbeat.appliedSequence),
            lagSeconds: n.heartbeat.appliedSequence >= n.heartbeat.streamLastSequence ? 0 : (Date.now() - n.heartbeat.lastAppliedUnixMs) / 1000,
            queriesPerSecond: n.heartbeat.queriesPerSecond,
            ready: n.heartbeat.ready && Date.now() - n.lastSeenMs < 5000,
            natsConnected: n.heartbeat.natsConnected,
            lastSeenUnixMs: n.lastSeenMs,
          })),
        };
      }),
    };
  }
}

export interface GrpcListenOptions {
  listen: string;
  tls?: { certFile: string; keyFile: string; clientCaFile?: string; requireClientCert: boolean };
}

export async function startGrpcServer(
  services: { zoneAdmin: ZoneAdminServiceServer; fleet: FleetServiceServer },
  options: GrpcListenOptions,
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(ZoneAdminServiceService, services.zoneAdmin);
  server.addService(FleetServiceService, services.fleet);
  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(
        options.tls.clientCaFile ? readFileSync(options.tls.clientCaFile) : null,
        [{ cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) }],
        options.tls.requireClientCert,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port };
}
