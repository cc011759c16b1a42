import { connect, type Socket } from 'node:net';
import type { Endpoint } from './endpoint.js';
import { TransferTimeoutError } from './errors.js';

export interface TcpExchangeOptions {
  /** Time allowed for connecting and between two received messages. */
  timeoutMs?: number;
  /** Local address to send from (secondaries check the NOTIFY/transfer source). */
  localAddress?: string;
}

/**
 * Sends one query over a new TCP connection (RFC 7766 framing) and yields the messages of the
 * reply as they arrive. The consumer ends the exchange by leaving the loop, which closes the
 * socket; silence longer than the timeout throws TransferTimeoutError.
 */
export async function* tcpMessages(
  server: Endpoint,
  query: Uint8Array,
  options: TcpExchangeOptions = {},
): AsyncGenerator<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket: Socket = connect({
    host: server.host,
    port: server.port,
    localAddress: options.localAddress,
  });
  socket.setNoDelay(true);
  const queue: Uint8Array[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  let pending: Buffer = Buffer.alloc(0);
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      queue.push(new Uint8Array(pending.subarray(2, 2 + length)));
      pending = pending.subarray(2 + length);
    }
    if (queue.length > 64) socket.pause();
    notify();
  });
  socket.on('error', (e) => {
    failure = e;
    notify();
  });
  socket.on('close', () => {
    ended = true;
    notify();
  });
  socket.setTimeout(timeoutMs, () => {
    failure = new TransferTimeoutError(`no data from ${server.host}:${server.port} for ${timeoutMs} ms`);
    socket.destroy();
    notify();
  });
  const frame = Buffer.allocUnsafe(2 + query.length);
  frame.writeUInt16BE(query.length, 0);
  frame.set(query, 2);
  socket.write(frame);
  try {
    for (;;) {
      if (queue.length) {
        const message = queue.shift()!;
        if (queue.length < 16) socket.resume();
        yield message;
        continue;
      }
      if (failure)
        throw failure instanceof TransferTimeoutError
          ? failure
          : new TransferTimeoutError(`${server.host}:${server.port}: ${failure.message}`, { cause: failure });
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    socket.destroy();
  }
}
