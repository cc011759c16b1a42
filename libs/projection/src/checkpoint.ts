/**
 * The node checkpoint format: every key and value of a ZoneStore at one applied position,
 * streamed. A new node loads it and then follows the stream from the position + 1, instead of
 * replaying years of history.
 *
 *   "SHOALCP1" | applied (u64 BE) | { key-length (u32) key value-length (u32) value }* | 0xFFFFFFFF
 */
import { CheckpointFormatError } from './errors.js';

const MAGIC = new TextEncoder().encode('SHOALCP1');
const END = 0xffff_ffff;
const CHUNK_BYTES = 256 * 1024;

function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, n >>> 16, n >>> 8, n);
}

export async function* encodeCheckpoint(
  applied: number,
  entries: AsyncIterable<[Uint8Array, Uint8Array]>,
): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [MAGIC, u32(Math.floor(applied / 0x1_0000_0000)), u32(applied >>> 0)];
  let size = 16;
  const flush = () => {
    const out = Buffer.concat(parts, size);
    parts = [];
    size = 0;
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  for await (const [key, value] of entries) {
    parts.push(u32(key.length), key, u32(value.length), value);
    size += 8 + key.length + value.length;
    if (size >= CHUNK_BYTES) yield flush();
  }
  parts.push(u32(END));
  size += 4;
  yield flush();
}

/** Reads a checkpoint stream; `applied` resolves once the header is read. */
export async function readCheckpoint(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ applied: number; entries: AsyncGenerator<[Uint8Array, Uint8Array]> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let done = false;
  const need = async (n: number) => {
    while (buf.length < n && !done) {
      const next = await iterator.next();
      if (next.done) done = true;
      else buf = buf.length ? Buffer.concat([buf, next.value]) : Buffer.from(next.value);
    }
    if (buf.length < n) throw new CheckpointFormatError('checkpoint ends early');
  };
  await need(16);
  if (!buf.subarray(0, 8).equals(MAGIC)) throw new CheckpointFormatError('not a Shoal checkpoint');
  const applied = buf.readUInt32BE(8) * 0x1_0000_0000 + buf.readUInt32BE(12);
  buf = buf.subarray(16);
  async function* entries(): AsyncGenerator<[Uint8Array, Uint8Array]> {
    for (;;) {
      await need(4);
      const keyLength = buf.readUInt32BE(0);
      if (keyLength === END) return;
      await need(8 + keyLength);
      const valueLength = buf.readUInt32BE(4 + keyLength);
      await need(8 + keyLength + valueLength);
      const key = new Uint8Array(buf.subarray(4, 4 + keyLength));
      const value = new Uint8Array(buf.subarray(8 + keyLength, 8 + keyLength + valueLength));
      buf = buf.subarray(8 + keyLength + valueLength);
      yield [key, value];
    }
  }
  return { applied, entries: entries() };
}
