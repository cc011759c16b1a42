import type { Responder } from '@shoal/authority';
import { type QueryHandler, responderHandler } from './query-handler.js';
import { startTcpListener, type TcpListener } from './tcp-listener.js';
import { startUdpListener, type UdpIo, type UdpListener } from './udp-listener.js';

export interface DnsFrontendOptions {
  /** IPv4 or IPv6 address; `::` listens on both families. Default 127.0.0.1. */
  address?: string;
  /** 0 picks a free port, the same one for UDP and TCP. */
  port: number;
  udp?: boolean;
  /** How UDP is read and written (udp-listener.ts); default `auto`: batched when available. */
  udpIo?: UdpIo;
  tcp?: boolean;
  /** Answers queries; give either this or `handler`. */
  responder?: Responder;
  /** For a front end that does more than the answer engine (zone transfers, NOTIFY). */
  handler?: QueryHandler;
  /** RFC 7766 §6.2.3: idle connections are closed; default 10 s. */
  tcpIdleTimeoutMs?: number;
  /** Default 16; further connections from the same address are closed at once. */
  maxTcpConnectionsPerClient?: number;
  /** Default 1024. */
  maxTcpConnections?: number;
  /** Queries answered concurrently on one TCP connection before reading pauses; default 64. */
  maxTcpInFlightPerConnection?: number;
  /** DNS over TLS (RFC 7858) instead of plain TCP: PEM certificate chain and key; no UDP then. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How long close() lets TCP queries in flight finish; default 5 s. */
  closeGraceMs?: number;
  onError?: (error: unknown) => void;
}

export interface DnsFrontend {
  readonly address: string;
  readonly udpPort: number | undefined;
  /** The UDP I/O in use. */
  readonly udpIo: 'batched' | 'dgram' | undefined;
  readonly tcpPort: number | undefined;
  /** Stops accepting, finishes TCP queries in flight, closes everything. */
  close(): Promise<void>;
}

/** Attempts at finding a port free for both UDP and TCP when asked for port 0. */
const PORT_ATTEMPTS = 20;

/** Serves DNS over UDP and TCP on one address and port. */
export async function startDnsFrontend(options: DnsFrontendOptions): Promise<DnsFrontend> {
  const handler = options.handler ?? (options.responder ? responderHandler(options.responder) : undefined);
  if (handler === undefined) throw new Error('startDnsFrontend needs a responder or a handler');
  const address = options.address ?? '127.0.0.1';
  const useUdp = options.tls ? false : (options.udp ?? true);
  const useTcp = options.tcp ?? true;
  const onError = options.onError ?? (() => {});
  const closeGraceMs = options.closeGraceMs ?? 5_000;
  const startTcp = (port: number) =>
    startTcpListener({
      address,
      port,
      handler,
      onError,
      idleTimeoutMs: options.tcpIdleTimeoutMs ?? 10_000,
      maxConnectionsPerClient: options.maxTcpConnectionsPerClient ?? 16,
      maxConnections: options.maxTcpConnections ?? 1024,
      maxInFlightPerConnection: options.maxTcpInFlightPerConnection ?? 64,
      tls: options.tls,
    });
  const startUdp = (port: number) => startUdpListener({ address, port, handler, onError, io: options.udpIo });

  let tcp: TcpListener | undefined;
  let udp: UdpListener | undefined;
  for (let attempt = 1; ; attempt++) {
    tcp = useTcp ? await startTcp(options.port) : undefined;
    try {
      udp = useUdp ? await startUdp(tcp?.port ?? options.port) : undefined;
      break;
    } catch (error) {
      // The port TCP picked may be taken for UDP: try another, unless the caller chose it.
      await tcp?.close(0);
      if (options.port !== 0 || !isAddressInUse(error) || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
  let closed: Promise<void> | undefined;
  return {
    address,
    udpPort: udp?.port,
    udpIo: udp?.io,
    tcpPort: tcp?.port,
    close: () => (closed ??= Promise.all([udp?.close(), tcp?.close(closeGraceMs)]).then(() => undefined)),
  };
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
