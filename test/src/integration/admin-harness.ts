/**
 * Helpers shared by the admin-*.test.ts integration tests: an admin with a config file and the
 * PowerDNS API, gRPC calls with per-call metadata, the stream's last sequence (to prove that a
 * refused request wrote nothing), and HTTP requests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { FleetServiceClient, TsigKeyServiceClient, ZoneAdminServiceClient } from '@shoal/admin-api';
import type { ExecutionContext } from 'ava';
import { AdminProcess, scratchDir, TEST_TOKEN } from '../harness/index.js';

export const ADMIN_TOKEN = TEST_TOKEN;
export const PDNS_KEY = 'pdns-api-key-0123456789abcdef';

export interface StartedAdmin {
  admin: AdminProcess;
  /** host:port of gRPC. */
  grpc: string;
  /** http://host:port of the PowerDNS-compatible API. */
  pdnsUrl: string;
}

/** An admin process with the PowerDNS API on a free port and, optionally, a YAML config file. */
export async function startAdmin(
  natsUrl: string,
  options: { config?: string; env?: Record<string, string> } = {},
): Promise<StartedAdmin> {
  const env: Record<string, string> = {
    SHOAL_PDNS_API_KEY: PDNS_KEY,
    SHOAL_PDNS_API_LISTEN: '127.0.0.1:0',
    ...options.env,
  };
  if (options.config) {
    const file = join(scratchDir('admin-config'), 'admin.yaml');
    writeFileSync(file, options.config);
    env.SHOAL_ADMIN_CONFIG = file;
  }
  const admin = await AdminProcess.start(natsUrl, { env });
  const m = /pdns-api=([\d.]+:\d+)/.exec(admin.process.log);
  return { admin, grpc: admin.address, pdnsUrl: m ? `http://${m[1]}` : '' };
}

type Unary<Req, Res> = (
  req: Req,
  md: grpc.Metadata,
  opts: Partial<grpc.CallOptions>,
  cb: (e: grpc.ServiceError | null, r: Res) => void,
) => unknown;

/** gRPC clients of the three services with a token, TLS credentials and per-call metadata. */
export class Rpc {
  readonly zones: ZoneAdminServiceClient;
  readonly fleet: FleetServiceClient;
  readonly tsig: TsigKeyServiceClient;

  constructor(
    address: string,
    /** null: no Authorization header at all. */
    private readonly token: string | null = ADMIN_TOKEN,
    credentials = grpc.credentials.createInsecure(),
    channelOptions: grpc.ChannelOptions = {},
  ) {
    this.zones = new ZoneAdminServiceClient(address, credentials, channelOptions);
    this.fleet = new FleetServiceClient(address, credentials, channelOptions);
    this.tsig = new TsigKeyServiceClient(address, credentials, channelOptions);
  }

  metadata(extra: Record<string, string> = {}): grpc.Metadata {
    const md = new grpc.Metadata();
    if (this.token) md.set('authorization', `Bearer ${this.token}`);
    for (const [k, v] of Object.entries(extra)) md.set(k, v);
    return md;
  }

  call<Req, Res>(
    client: grpc.Client,
    fn: Unary<Req, Res>,
    req: Req,
    options: { metadata?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Res> {
    return new Promise((resolve, reject) =>
      fn.call(
        client,
        req,
        this.metadata(options.metadata),
        { deadline: Date.now() + (options.timeoutMs ?? 30_000) },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
  }

  close(): void {
    this.zones.close();
    this.fleet.close();
    this.tsig.close();
  }
}

/** The violations a refused request reports (x-violations metadata). */
export function violationsOf(err: unknown): { field: string; rule: string; message: string }[] {
  const raw = (err as grpc.ServiceError).metadata?.get('x-violations')[0];
  return raw ? JSON.parse(String(raw)) : [];
}

/** A NATS connection for reading the stream directly. */
export function natsConnection(url: string): Promise<NatsConnection> {
  return connect({ servers: url });
}

export async function streamLastSequence(nc: NatsConnection): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info('DNS')).state.last_seq;
}

/** Runs `refused`, which must fail, and checks that the stream did not move. Returns the error. */
export async function refusedWithoutWrite<E = unknown>(
  t: ExecutionContext,
  nc: NatsConnection,
  refused: () => Promise<unknown>,
): Promise<E> {
  const before = await streamLastSequence(nc);
  const err = await refused().then(
    () => undefined,
    (e) => e,
  );
  t.truthy(err, 'the request was refused');
  t.is(await streamLastSequence(nc), before, 'nothing was appended to the stream');
  return err as E;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One HTTP request, PowerDNS-API style (X-API-Key), with the body as JSON unless a string is given. */
export async function http(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null; accept?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers['X-API-Key'] = options.key ?? PDNS_KEY;
  if (options.accept) headers.Accept = options.accept;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A zone file with an SOA, an apex NS and `n` A records h0..h(n-1). */
export function zoneText(origin: string, n: number, serial = 1): string {
  const lines = [
    `$ORIGIN ${origin}`,
    `@ 3600 IN SOA ns1.${origin} hostmaster.${origin} ${serial} 10800 3600 604800 3600`,
    `@ 3600 IN NS ns1.${origin}`,
  ];
  for (let i = 0; i < n; i++) lines.push(`h${i} 300 IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  return `${lines.join('\n')}\n`;
}
