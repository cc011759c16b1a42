export {
  type AppendOptions,
  type AppendPartsResult,
  type AppendResult,
  appendEvent,
  appendEventParts,
} from './appender.js';
export { ConcurrencyConflictError, EventStoreUnavailableError } from './errors.js';
export {
  type EventFeed,
  lastSubjectSequence,
  openEventFeed,
  type StoredEvent,
  streamLastSequence,
} from './reader.js';
export { ensureEventStream, type StreamSettings } from './stream.js';
