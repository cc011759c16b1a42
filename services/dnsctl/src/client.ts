import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  type ExportZoneResponse,
  FleetServiceClient,
  type ImportZoneHeader,
  type ImportZoneResponse,
  TsigKeyServiceClient,
  ZoneAdminServiceClient,
} from '@shoal/admin-api';

export interface ConnectionOptions {
  server: string;
  token?: string;
  tokenFile?: string;
  /** CA certificate: use TLS and trust this CA. */
  caFile?: string;
  /** Client certificate and key, for servers that require one. */
  certFile?: string;
  keyFile?: string;
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
    case grpc.status.OUT_OF_RANGE:
      return ExitCode.NOT_FOUND;
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.FAILED_PRECONDITION:
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

type UnaryMethod<Req, Res> = (
  req: Req,
  md: grpc.Metadata,
  opts: Partial<grpc.CallOptions>,
  cb: (e: grpc.ServiceError | null, r: Res) => void,
) => unknown;

export class AdminClients {
  readonly zones: ZoneAdminServiceClient;
  readonly fleet: FleetServiceClient;
  readonly tsig: TsigKeyServiceClient;
  private readonly metadata = new grpc.Metadata();

  constructor(private readonly options: ConnectionOptions) {
    const token =
      options.token ?? (options.tokenFile ? readFileSync(options.tokenFile, 'utf8').trim() : undefined);
    if (token) this.metadata.set('authorization', `Bearer ${token}`);
    const creds = options.caFile
      ? grpc.credentials.createSsl(
          readFileSync(options.caFile),
          options.keyFile ? readFileSync(options.keyFile) : null,
          options.certFile ? readFileSync(options.certFile) : null,
        )
      : grpc.credentials.createInsecure();
    this.zones = new ZoneAdminServiceClient(options.server, creds);
    this.fleet = new FleetServiceClient(options.server, creds);
    this.tsig = new TsigKeyServiceClient(options.server, creds);
  }

  private deadline(timeoutMs = this.options.timeoutMs): Partial<grpc.CallOptions> {
    return { deadline: Date.now() + timeoutMs };
  }

  /** Calls a unary method with the credentials and a deadline; rejects with the gRPC error. */
  call<Req, Res>(client: grpc.Client, fn: UnaryMethod<Req, Res>, req: Req, timeoutMs?: number): Promise<Res> {
    return new Promise((resolve, reject) =>
      fn.call(client, req, this.metadata, this.deadline(timeoutMs), (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  }

  /**
   * Streams a zone file to ImportZone: the header, then the text in chunks as they are read,
   * respecting flow control, so a file of any size goes up in constant memory.
   */
  importZone(
    header: ImportZoneHeader,
    chunks: AsyncIterable<Uint8Array>,
    onSent?: (bytes: number) => void,
  ): Promise<ImportZoneResponse> {
    return new Promise((resolve, reject) => {
      // A big zone takes time to parse and apply; the deadline covers the whole upload.
      const stream = this.zones.importZone(
        this.metadata,
        this.deadline(Math.max(this.options.timeoutMs, 600_000)),
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      const write = (msg: Parameters<typeof stream.write>[0]) =>
        new Promise<void>((ok) => (stream.write(msg) ? ok() : stream.once('drain', ok)));
      void (async () => {
        let sent = 0;
        await write({ part: { $case: 'header', header } });
        for await (const chunk of chunks) {
          await write({ part: { $case: 'chunk', chunk } });
          sent += chunk.length;
          onSent?.(sent);
        }
        stream.end();
      })().catch((e) => {
        stream.cancel();
        reject(e);
      });
    });
  }

  /** The zone file, as the server streams it. */
  async *exportZone(name: string): AsyncGenerator<ExportZoneResponse> {
    const stream = this.zones.exportZone(
      { name },
      this.metadata,
      this.deadline(Math.max(this.options.timeoutMs, 600_000)),
    );
    for await (const chunk of stream) yield chunk as ExportZoneResponse;
  }

  close(): void {
    this.zones.close();
    this.fleet.close();
    this.tsig.close();
  }
}
