export { type FollowerOptions, StreamFollower } from './follower.js';
export type { AppliedBatch, ProjectionEffect } from './effects.js';
export { OutOfOrderEventError, StoreCorruptError } from './errors.js';
export type { StoredRRset } from './rrset-value.js';
export { type EventInput, ZoneStore, type ZoneStoreOptions } from './store.js';
export type { ZoneMeta } from './zone-meta.js';
