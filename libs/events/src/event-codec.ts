import { Event } from './gen/dns/events/v1/events.js';

/**
 * Schema versions this build understands. Version 1 is dns.events.v1. A reader that meets a
 * newer schema_version stops rather than guessing: skipping an event would make the
 * projection silently diverge, which is worse than a visible halt until the node is upgraded.
 */
export const CURRENT_SCHEMA_VERSION = 1;

export class UnsupportedEventError extends Error {
  constructor(
    message: string,
    readonly sequence?: number,
  ) {
    super(message);
    this.name = 'UnsupportedEventError';
  }
}

/**
 * Encodes an event. fromPartial fills every field the caller left out with its default, so
 * writers built before a field was added keep working when the schema grows.
 */
export function encodeEvent(event: Omit<Event, 'schemaVersion'> & { schemaVersion?: number }): Uint8Array {
  const full = Event.fromPartial({
    ...event,
    schemaVersion: event.schemaVersion ?? CURRENT_SCHEMA_VERSION,
  } as never);
  return Event.encode(full).finish();
}

/**
 * Decodes one stored event. Unknown fields are kept by the decoder (and ignored); an unknown
 * oneof member (a new event kind from a newer writer) leaves `body` undefined, which the
 * caller must treat as "newer event": see `isNewerEvent`.
 */
export function decodeEvent(bytes: Uint8Array, sequence?: number): Event {
  let event: Event;
  try {
    event = Event.decode(bytes);
  } catch (cause) {
    throw new UnsupportedEventError(
      `undecodable event${sequence ? ` at sequence ${sequence}` : ''}: ${cause}`,
      sequence,
    );
  }
  if (event.schemaVersion > CURRENT_SCHEMA_VERSION) {
    throw new UnsupportedEventError(
      `event schema version ${event.schemaVersion} is newer than ${CURRENT_SCHEMA_VERSION}${sequence ? ` at sequence ${sequence}` : ''}`,
      sequence,
    );
  }
  if (event.body === undefined) {
    throw new UnsupportedEventError(
      `event of an unknown kind${sequence ? ` at sequence ${sequence}` : ''}`,
      sequence,
    );
  }
  return event;
}
