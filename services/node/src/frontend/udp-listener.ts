import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { isStream, type QueryContext, type QueryHandler, type QueryResult } from './query-handler.js';

export interface UdpListenerOptions {
  address: string;
  port: number;
  handler: QueryHandler;
  onError: (error: unknown) => void;
  /** Kernel socket buffers; large ones absorb bursts instead of dropping them. */
  bufferBytes?: number;
}

export interface UdpListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Binds a UDP socket and answers each datagram with at most one datagram per reply message. */
export async function startUdpListener(options: UdpListenerOptions): Promise<UdpListener> {
  const family = isIPv6(options.address) ? 6 : 4;
  const socket = createSocket({
    type: family === 6 ? 'udp6' : 'udp4',
    // Replies go to the address a query came from, always an IP literal: skip the resolver, whose
    // deferred callback would otherwise be paid on every reply.
    lookup: (address, _options, callback) => callback(null, address, family),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    // Shared between the workers of a multi-process node (see tcp-listener.ts).
    socket.bind({ address: options.address, port: options.port, exclusive: false }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const bufferBytes = options.bufferBytes ?? 4 * 1024 * 1024;
  try {
    socket.setRecvBufferSize(bufferBytes);
    socket.setSendBufferSize(bufferBytes);
  } catch {
    // The kernel caps the sizes (net.core.rmem_max); the defaults still work.
  }
  socket.on('error', options.onError);
  socket.on('message', (query, remote) => {
    let result: QueryResult | Promise<QueryResult>;
    try {
      result = options.handler(query, context(remote));
    } catch (error) {
      options.onError(error);
      return;
    }
    if (result instanceof Uint8Array) socket.send(result, remote.port, remote.address);
    else if (result !== null) void deliver(socket, remote, result, options.onError);
  });
  let closed: Promise<void> | undefined;
  return {
    port: socket.address().port,
    close: () => (closed ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}

function context(remote: RemoteInfo): QueryContext {
  return { transport: 'udp', remoteAddress: remote.address, remotePort: remote.port };
}

async function deliver(
  socket: Socket,
  remote: RemoteInfo,
  pending: QueryResult | Promise<QueryResult>,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    const result = await pending;
    if (result === null) return;
    if (!isStream(result)) {
      socket.send(result, remote.port, remote.address);
      return;
    }
    for await (const message of result) socket.send(message, remote.port, remote.address);
  } catch (error) {
    onError(error);
  }
}
