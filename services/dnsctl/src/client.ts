import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { FleetServiceClient, ZoneAdminServiceClient } from '@shoal/admin-api';

export interface ConnectionOptions {
  server: string;
  token?: string;
  tokenFile?: string;
  caFile?: string;
  timeoutMs: number;
}

/** Exit codes scripts can rely on (documented in the README). */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  INVALID: 4,
  CONFLICT: 5,
  UNAVAILABLE: 6,
  AUTH: 7,
  NOT_IN_SYNC: 8,
} as const;

export function exitCodeFor(err: unknown): number {
  const code = (err as { code?: number }).code;
  switch (code) {
    case grpc.status.NOT_FOUND:
      return ExitCode.NOT_FOUND;
    case grpc.status.INVALID_ARGUMENT:
      return ExitCode.INVALID;
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.ABORTED:
      return ExitCode.CONFLICT;
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return ExitCode.UNAVAILABLE;
    case grpc.status.UNAUTHENTICATED:
    case grpc.status.PERMISSION_DENIED:
      return ExitCode.AUTH;
    default:
      return ExitCode.ERROR;
  }
}

export class AdminClients {
  readonly zones: ZoneAdminServiceClient;
  readonly fleet: FleetServiceClient;
  private readonly metadata = new grpc.Metadata();

  constructor(private readonly options: ConnectionOptions) {
    const token = options.token ?? (options.tokenFile ? readFileSync(options.tokenFile, 'utf8').trim() : undefined);
    if (token) this.metadata.set('authorization', `Bearer ${token}`);
    const creds = options.caFile
      ? grpc.credentials.createSsl(readFileSync(options.caFile))
      : grpc.credentials.createInsecure();
    this.zones = new ZoneAdminServiceClient(options.server, creds);
    this.fleet = new FleetServiceClient(options.server, creds);
  }

  /** Calls a unary method with the credentials and a deadline; rejects with the gRPC error. */
  call<Req, Res>(
    fn: (req: Req, md: grpc.Metadata, opts: Partial<grpc.CallOptions>, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown,
    req: Req,
    timeoutMs = this.options.timeoutMs,
  ): Promise<Res> {
    return new Promise((resolve, reject) =>
      fn(req, this.metadata, { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res))),
    );
  }

  close(): void {
    this.zones.close();
    this.fleet.close();
  }
}
