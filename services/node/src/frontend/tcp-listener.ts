import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { ClientLimits } from './client-limits.js';
import type { QueryHandler } from './query-handler.js';
import { TcpConnection } from './tcp-connection.js';

export interface TcpListenerOptions {
  address: string;
  port: number;
  handler: QueryHandler;
  onError: (error: unknown) => void;
  idleTimeoutMs: number;
  maxConnectionsPerClient: number;
  maxConnections: number;
  maxInFlightPerConnection: number;
  /** DNS over TLS (RFC 7858): the certificate chain and key, PEM. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface TcpListener {
  readonly port: number;
  /** Stops accepting, lets connections finish the queries in flight, destroys them after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

export async function startTcpListener(options: TcpListenerOptions): Promise<TcpListener> {
  const limits = new ClientLimits(options.maxConnectionsPerClient, options.maxConnections);
  const connections = new Set<TcpConnection>();
  const accept = (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (!limits.acquire(address)) {
      socket.destroy();
      return;
    }
    const connection = new TcpConnection(socket, {
      handler: options.handler,
      onError: options.onError,
      idleTimeoutMs: options.idleTimeoutMs,
      maxInFlight: options.maxInFlightPerConnection,
    });
    connections.add(connection);
    void connection.closed.then(() => {
      connections.delete(connection);
      limits.release(address);
    });
  };
  // Over TLS the same framing and pipelining run inside the session (RFC 7858 §3.3); ALPN "dot"
  // as RFC 7858 and XoT (RFC 9103 §7.1) ask. A failed handshake only costs that connection.
  const server: Server = options.tls
    ? createTlsServer({ ...options.tls, ALPNProtocols: ['dot'], minVersion: 'TLSv1.2' }, accept).on(
        'tlsClientError',
        (_err, socket) => socket.destroy(),
      )
    : createServer({ noDelay: true }, accept);
  server.on('error', options.onError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // exclusive: false lets the workers of a multi-process node share the listener through the
    // cluster primary (workers.ts); it changes nothing for a single process.
    server.listen({ host: options.address, port: options.port, exclusive: false }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closed: Promise<void> | undefined;
  return {
    port,
    close: (graceMs) =>
      (closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const timer = setTimeout(() => {
          for (const connection of connections) connection.destroy();
        }, graceMs);
        await Promise.all([...connections].map((connection) => connection.shutdown()));
        clearTimeout(timer);
        await stopped;
      })()),
  };
}
