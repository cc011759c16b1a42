import type { Socket } from 'node:net';
import { isStream, type QueryContext, type QueryHandler, type QueryResult } from './query-handler.js';

export interface TcpConnectionOptions {
  handler: QueryHandler;
  onError: (error: unknown) => void;
  /** Close a connection with no query in flight after this long without traffic (RFC 7766 §6.2.3). */
  idleTimeoutMs: number;
  /** Queries answered concurrently on one connection; reading pauses beyond it. */
  maxInFlight: number;
}

const LENGTH_PREFIX = 2;

/**
 * One DNS-over-TCP connection (RFC 7766): two-octet length framing, queries
 * pipelined and answered concurrently, each reply written as soon as it is
 * ready, so replies may leave out of order (§6.2.1.1). Reading pauses while
 * too many queries are in flight or the socket's write buffer is full.
 */
export class TcpConnection {
  readonly #socket: Socket;
  readonly #options: TcpConnectionOptions;
  readonly #ctx: QueryContext;
  #pending: Buffer = Buffer.alloc(0);
  #inFlight = 0;
  #closing = false;
  #blockedOnWrite = false;
  readonly #closed: Promise<void>;

  constructor(socket: Socket, options: TcpConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#ctx = {
      transport: 'tcp',
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
    };
    this.#closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs);
    socket.on('timeout', () => {
      if (this.#inFlight === 0) socket.end();
    });
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('drain', () => {
      this.#blockedOnWrite = false;
      this.#flowControl();
    });
    // Reset by the peer and the like: the connection is gone, nothing to answer.
    socket.on('error', () => socket.destroy());
  }

  /** Resolves when the socket has closed. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Stops reading new queries, answers those in flight, then closes. */
  shutdown(): Promise<void> {
    this.#closing = true;
    this.#socket.pause();
    if (this.#inFlight === 0) this.#socket.end();
    return this.#closed;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (!this.#closing && data.length >= LENGTH_PREFIX) {
      const length = data.readUInt16BE(0);
      if (data.length < LENGTH_PREFIX + length) break;
      const query = data.subarray(LENGTH_PREFIX, LENGTH_PREFIX + length);
      data = data.subarray(LENGTH_PREFIX + length);
      this.#dispatch(query);
    }
    // Copy the partial remainder so a large chunk is not kept alive by a small tail.
    this.#pending = data.length === 0 ? Buffer.alloc(0) : Buffer.from(data);
    this.#flowControl();
  }

  #dispatch(query: Uint8Array): void {
    this.#inFlight++;
    let result: QueryResult | Promise<QueryResult>;
    try {
      result = this.#options.handler(query, this.#ctx);
    } catch (error) {
      this.#options.onError(error);
      this.#done();
      return;
    }
    if (result === null) {
      this.#done();
    } else if (result instanceof Uint8Array) {
      this.#write(result);
      this.#done();
    } else {
      void this.#deliver(result);
    }
  }

  async #deliver(pending: QueryResult | Promise<QueryResult>): Promise<void> {
    try {
      const result = await pending;
      if (result !== null && !isStream(result)) this.#write(result);
      else if (result !== null) {
        // A stream (zone transfer) is pulled only as fast as the client reads: wait for 'drain'
        // when the socket's buffer is full, and stop generating once the client is gone.
        for await (const message of result) {
          if (this.#socket.destroyed) break;
          if (!this.#write(message)) await this.#drained();
        }
      }
    } catch (error) {
      this.#options.onError(error);
    } finally {
      this.#done();
    }
  }

  /** Writes one framed message; false when the socket's buffer is full (or it is gone). */
  #write(message: Uint8Array): boolean {
    if (this.#socket.destroyed) return false;
    const framed = Buffer.allocUnsafe(LENGTH_PREFIX + message.length);
    framed.writeUInt16BE(message.length, 0);
    framed.set(message, LENGTH_PREFIX);
    if (this.#socket.write(framed)) return true;
    this.#blockedOnWrite = true;
    return false;
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.once('drain', done);
      this.#socket.once('close', done);
    });
  }

  #done(): void {
    this.#inFlight--;
    if (this.#closing && this.#inFlight === 0) this.#socket.end();
    else this.#flowControl();
  }

  #flowControl(): void {
    if (this.#closing || this.#socket.destroyed) return;
    if (this.#blockedOnWrite || this.#inFlight >= this.#options.maxInFlight) this.#socket.pause();
    else this.#socket.resume();
  }
}
