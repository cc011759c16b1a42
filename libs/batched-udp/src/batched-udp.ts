import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import {
  peerAddress,
  peerFamily,
  peerPort,
  RETURN_PATH_BYTES,
  localAddress as readLocalAddress,
} from './return-path.js';

/** What the native addon exports (native/batched_udp.c). */
interface NativeBinding {
  open(address: string, port: number, reusePort: boolean, bufferBytes: number): NativeSocket;
  start(handle: unknown, resource: object, onBatch: (count: number) => (Uint8Array | null)[]): void;
  sendTo(handle: unknown, message: Uint8Array, returnPath: Uint8Array): boolean;
  stats(handle: unknown): BatchedUdpStats;
  close(handle: unknown): void;
}

interface NativeSocket {
  handle: unknown;
  port: number;
  data: ArrayBuffer;
  meta: ArrayBuffer;
  paths: ArrayBuffer;
  batch: number;
  slotBytes: number;
  pathBytes: number;
}

export interface BatchedUdpStats {
  received: number;
  sent: number;
  /** Replies the kernel would not take (send buffer full, unreachable peer), and oversized datagrams. */
  dropped: number;
}

/** Where a datagram came from. Valid only during the handler's synchronous call. */
export interface DatagramSource {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
  /** The address the datagram was sent to, known on wildcard binds; replies leave from it. */
  readonly localAddress: string | undefined;
  /** A copy of what `sendTo` needs to answer this datagram later. */
  returnPath(): Uint8Array;
}

/**
 * Answers one datagram. A Uint8Array returned goes out in the batch's one sendmmsg; anything else
 * sends nothing now (answer later with `sendTo`). The message is the handler's to keep.
 */
export type DatagramHandler = (message: Uint8Array, source: DatagramSource) => Uint8Array | null | undefined;

export interface BatchedUdpOptions {
  /** An IPv4 or IPv6 literal; `::` takes both families, `0.0.0.0` and `::` reply from the queried address. */
  address: string;
  port: number;
  onDatagram: DatagramHandler;
  onError?: (error: unknown) => void;
  /** SO_REUSEPORT, for several processes sharing one port (the kernel spreads datagrams by flow). */
  reusePort?: boolean;
  /** Kernel receive and send buffer sizes; default 4 MiB (capped by net.core.[rw]mem_max). */
  bufferBytes?: number;
}

export interface BatchedUdpSocket {
  readonly address: string;
  readonly port: number;
  /** Sends a reply to a datagram received earlier; false when the kernel dropped it. */
  sendTo(message: Uint8Array, returnPath: Uint8Array): boolean;
  stats(): BatchedUdpStats;
  close(): Promise<void>;
}

const ADDON_PATH = new URL('../build/batched_udp.node', import.meta.url);
let binding: NativeBinding | undefined;
let loadError: Error | undefined;

function load(): NativeBinding | undefined {
  if (binding !== undefined || loadError !== undefined) return binding;
  if (process.platform !== 'linux') {
    loadError = new Error('batched UDP I/O needs Linux (recvmmsg, sendmmsg)');
    return undefined;
  }
  if (!existsSync(ADDON_PATH)) {
    loadError = new Error(
      'the batched UDP addon is not built (run scripts/setup.sh or node libs/batched-udp/build-native.mjs)',
    );
    return undefined;
  }
  try {
    binding = createRequire(import.meta.url)(ADDON_PATH.pathname) as NativeBinding;
  } catch (error) {
    loadError = error instanceof Error ? error : new Error(String(error));
  }
  return binding;
}

/** Why batched I/O is unavailable here, or undefined when it is available. */
export function batchedUdpUnavailable(): Error | undefined {
  load();
  return binding === undefined ? loadError : undefined;
}

/** True for an address the native socket can bind: an IP literal without a zone index. */
export function canBindBatched(address: string): boolean {
  return isIP(address) !== 0 && !address.includes('%');
}

const FLAG_TRUNCATED = 1;
/** IPv4 text by address: resolvers send from few addresses, and formatting costs more than a lookup. */
const V4_TEXT_CACHE_LIMIT = 4096;

/** Binds a UDP socket that reads and answers datagrams in batches. Throws if the addon is unavailable. */
export function openBatchedUdp(options: BatchedUdpOptions): BatchedUdpSocket {
  const native = load();
  if (native === undefined) throw loadError;
  const opened = native.open(
    options.address,
    options.port,
    options.reusePort ?? false,
    options.bufferBytes ?? 4 << 20,
  );
  const { handle, batch, slotBytes } = opened;
  if (opened.pathBytes !== RETURN_PATH_BYTES)
    throw new Error('batched-udp addon does not match its JS side: rebuild it');
  const data = new Uint8Array(opened.data);
  const meta = new Int32Array(opened.meta);
  const paths = new Uint8Array(opened.paths);
  const replies: (Uint8Array | null)[] = new Array(batch).fill(null);
  const onError = options.onError ?? (() => {});
  const handler = options.onDatagram;
  const v4Text = new Map<number, string>();

  const source = {
    offset: 0,
    address: '',
    port: 0,
    family: 4 as 4 | 6,
    get localAddress() {
      return readLocalAddress(paths, this.offset);
    },
    returnPath() {
      return paths.slice(this.offset, this.offset + RETURN_PATH_BYTES);
    },
  };
  const addressOf = (offset: number): string => {
    if (peerFamily(paths, offset) === 6) return peerAddress(paths, offset);
    const key =
      ((paths[offset + 4] << 24) |
        (paths[offset + 5] << 16) |
        (paths[offset + 6] << 8) |
        paths[offset + 7]) >>>
      0;
    let text = v4Text.get(key);
    if (text === undefined) {
      text = peerAddress(paths, offset);
      if (v4Text.size >= V4_TEXT_CACHE_LIMIT) v4Text.clear();
      v4Text.set(key, text);
    }
    return text;
  };

  const onBatch = (count: number): (Uint8Array | null)[] => {
    for (let i = 0; i < count; i++) {
      replies[i] = null;
      if ((meta[2 * i + 1] & FLAG_TRUNCATED) !== 0) continue; // larger than any UDP datagram: never seen
      const start = i * slotBytes;
      const message = data.slice(start, start + meta[2 * i]);
      const offset = i * RETURN_PATH_BYTES;
      source.offset = offset;
      source.family = peerFamily(paths, offset);
      source.port = peerPort(paths, offset);
      source.address = addressOf(offset);
      try {
        replies[i] = handler(message, source) ?? null;
      } catch (error) {
        onError(error);
      }
    }
    return replies;
  };
  const resource = { type: 'BatchedUdpSocket' };
  native.start(handle, resource, onBatch);

  let closed: Promise<void> | undefined;
  return {
    address: options.address,
    port: opened.port,
    sendTo: (message, returnPath) => closed === undefined && native.sendTo(handle, message, returnPath),
    stats: () => native.stats(handle),
    close: () => {
      if (closed === undefined) {
        native.close(handle);
        closed = Promise.resolve();
      }
      return closed;
    },
  };
}
