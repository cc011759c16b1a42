import type { RdataBuilder } from './rdata-builder.js';
import type { RdataReader } from './rdata-reader.js';
import type { TextCursor } from './text-cursor.js';

/**
 * Both forms of one RDATA type: wire (uncompressed, RFC 3597 §4) and
 * presentation (BIND's output, RFC 1035 §5 input). `T` is the typed value.
 */
export interface RdataCodec<T extends { type: string }> {
  readonly type: T['type'];
  decode(r: RdataReader): T;
  encode(value: T, b: RdataBuilder): void;
  toText(value: T): string;
  fromText(t: TextCursor): T;
}
