import type { Name } from '../name.js';

/** Progress of a zone-file parse: records produced and input consumed so far. */
export interface ZoneParseProgress {
  records: number;
  /** Octets read (characters, for string input). */
  bytes: number;
}

export interface ZoneParseOptions {
  /** Initial $ORIGIN; relative names are an error without one. */
  origin?: Name;
  /** Name used in error messages. */
  fileName?: string;
  /** Directory $INCLUDE paths are resolved in and confined to; $INCLUDE is refused without it. */
  baseDirectory?: string;
  /** TTL for records without one, as if the file began with `$TTL`. */
  defaultTtl?: number;
  /** CLASS for records without one (RFC 1035 §5.1); IN by default. */
  defaultClass?: number;
  onProgress?: (progress: ZoneParseProgress) => void;
}
