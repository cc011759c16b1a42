export { encodeCheckpoint, readCheckpoint } from './checkpoint.js';
export { type CompactionOptions, type CompactionResult, Compactor } from './compactor.js';
export type { AppliedBatch, ProjectionEffect } from './effects.js';
export { CheckpointFormatError, OutOfOrderEventError, StoreCorruptError } from './errors.js';
export { type FollowerOptions, StreamFollower } from './follower.js';
export type { StoredRRset } from './rrset-value.js';
export { type EventInput, ZoneStore, type ZoneStoreOptions } from './store.js';
export type { ZoneMeta } from './zone-meta.js';
