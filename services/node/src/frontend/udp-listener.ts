import cluster from 'node:cluster';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { batchedUdpUnavailable, canBindBatched, openBatchedUdp } from '@shoal/batched-udp';
import { isStream, type QueryContext, type QueryHandler, type QueryResult } from './query-handler.js';

/**
 * How UDP is read and written. `batched`: recvmmsg/sendmmsg through @shoal/batched-udp, up to 64
 * datagrams per system call and per JS call, replies from the queried address on wildcard
 * binds. `dgram`: Node's own sockets, one datagram per call. `auto` takes batched when the addon
 * is built and the address is an IP literal, else dgram.
 */
export type UdpIo = 'auto' | 'batched' | 'dgram';

export interface UdpListenerOptions {
  address: string;
  port: number;
  handler: QueryHandler;
  onError: (error: unknown) => void;
  /** Kernel socket buffers; large ones absorb bursts instead of dropping them. */
  bufferBytes?: number;
  io?: UdpIo;
}

export interface UdpListener {
  readonly port: number;
  readonly io: 'batched' | 'dgram';
  close(): Promise<void>;
}

const DEFAULT_BUFFER_BYTES = 4 * 1024 * 1024;

/** Binds a UDP socket and answers each datagram with at most one datagram per reply message. */
export async function startUdpListener(options: UdpListenerOptions): Promise<UdpListener> {
  const io = options.io ?? 'auto';
  if (io === 'batched') {
    const unavailable = batchedUdpUnavailable();
    if (unavailable) throw unavailable;
    return startBatched(options);
  }
  if (io === 'auto' && batchedUdpUnavailable() === undefined && canBindBatched(options.address)) {
    // Workers of a multi-process node cannot share a batched socket through the cluster
    // primary; each binds its own with SO_REUSEPORT instead, which needs a fixed port.
    if (!cluster.isWorker || options.port !== 0) return startBatched(options);
  }
  return startDgram(options);
}

function startBatched(options: UdpListenerOptions): UdpListener {
  const socket = openBatchedUdp({
    address: options.address,
    port: options.port,
    reusePort: cluster.isWorker,
    bufferBytes: options.bufferBytes ?? DEFAULT_BUFFER_BYTES,
    onError: options.onError,
    onDatagram: (query, source) => {
      const ctx: QueryContext = { transport: 'udp', remoteAddress: source.address, remotePort: source.port };
      const result = options.handler(query, ctx);
      if (result === null || result instanceof Uint8Array) return result;
      // Answered later (a NOTIFY checked against its zone, say): keep the way back.
      const path = source.returnPath();
      void deliver((message) => socket.sendTo(message, path), result, options.onError);
      return null;
    },
  });
  return { port: socket.port, io: 'batched', close: () => socket.close() };
}

async function startDgram(options: UdpListenerOptions): Promise<UdpListener> {
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
  const bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
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
    else if (result !== null) void deliver(sendBy(socket, remote), result, options.onError);
  });
  let closed: Promise<void> | undefined;
  return {
    port: socket.address().port,
    io: 'dgram',
    close: () => (closed ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}

function context(remote: RemoteInfo): QueryContext {
  return { transport: 'udp', remoteAddress: remote.address, remotePort: remote.port };
}

function sendBy(socket: Socket, remote: RemoteInfo): (message: Uint8Array) => void {
  return (message) => socket.send(message, remote.port, remote.address);
}

async function deliver(
  send: (message: Uint8Array) => void,
  pending: QueryResult | Promise<QueryResult>,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    const result = await pending;
    if (result === null) return;
    if (!isStream(result)) {
      send(result);
      return;
    }
    for await (const message of result) send(message);
  } catch (error) {
    onError(error);
  }
}
