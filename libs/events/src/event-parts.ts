import { randomUUID } from 'node:crypto';
import { encodeEvent } from './event-codec.js';
import type { Event, EventPart } from './gen/dns/events/v1/events.js';

/** Room left in each part for the envelope's varints (index, count, chunk length). */
const VARINT_ROOM = 32;
/** Parts smaller than this mean the message limit is absurdly low: refuse rather than send thousands. */
const MIN_CHUNK_BYTES = 4096;

export class EventPartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventPartError';
  }
}

/**
 * The messages that carry `event` within `maxMessageBytes` each: the encoded event itself when
 * it fits, else EventParts (see events.proto) of the same zone and provenance whose chunks, in
 * order, are the encoded event. Pure.
 */
export function encodeEventParts(
  event: Omit<Event, 'schemaVersion'>,
  maxMessageBytes: number,
  transaction: string = randomUUID(),
): Uint8Array[] {
  const whole = encodeEvent(event);
  if (whole.length <= maxMessageBytes) return [whole];
  const part = (index: number, count: number, chunk: Uint8Array) =>
    encodeEvent({
      zone: event.zone,
      provenance: event.provenance,
      body: { $case: 'eventPart', eventPart: { transaction, index, count, chunk } },
    });
  const chunkBytes = maxMessageBytes - part(0, 0, new Uint8Array()).length - VARINT_ROOM;
  if (chunkBytes < MIN_CHUNK_BYTES) {
    throw new EventPartError(`a message limit of ${maxMessageBytes} octets leaves no room for event parts`);
  }
  const count = Math.ceil(whole.length / chunkBytes);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i++)
    parts.push(part(i, count, whole.subarray(i * chunkBytes, (i + 1) * chunkBytes)));
  return parts;
}

/** The encoded whole event from its parts' chunks, checked to be one complete transaction. */
export function joinEventParts(parts: readonly EventPart[]): Uint8Array {
  const count = parts[0]?.count ?? 0;
  if (parts.length !== count) throw new EventPartError(`${parts.length} of ${count} event parts`);
  let length = 0;
  parts.forEach((p, i) => {
    if (p.index !== i || p.count !== count || p.transaction !== parts[0].transaction) {
      throw new EventPartError(`event part ${p.index}/${p.count} of ${p.transaction} out of place at ${i}`);
    }
    length += p.chunk.length;
  });
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    whole.set(p.chunk, offset);
    offset += p.chunk.length;
  }
  return whole;
}
