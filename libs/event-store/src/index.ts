export { type AppendOptions, type AppendResult, appendEvent } from './appender.js';
export { ConcurrencyConflictError, EventStoreUnavailableError } from './errors.js';
export {
  type EventFeed,
  lastSubjectSequence,
  openEventFeed,
  type StoredEvent,
  streamLastSequence,
} from './reader.js';
export { ensureEventStream, type StreamSettings } from './stream.js';
