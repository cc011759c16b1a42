import type { Name } from '@shoal/dns-wire';

/**
 * LevelDB key layout. Keys are binary and sort so that one zone's records are one contiguous
 * range in DNSSEC canonical order (RFC 4034 §6.1): owner labels reversed and lowercased.
 *
 *   'A'                                   -> applied stream sequence (decimal text)
 *   'Z' zone-key                          -> zone metadata (JSON)
 *   'R' zone-id(8) owner-key 0x00 type(2) -> one RRset (see rrset-value.ts)
 *   'J' zone-id(8) sequence(8)            -> one journal entry (JournalEntry protobuf)
 *   'T' zone-key                          -> sequence of a deleted zone's ZoneDeleted event
 *   'P' zone-key                          -> parts of a large event received so far (JSON)
 *   'Q' zone-key 0x00 index(4)            -> one part's chunk of that event
 *
 * zone-id is the stream sequence of the zone's ZoneCreated event: unique, identical on every
 * node (so store digests compare across nodes), and a re-created zone never sees the old one's keys.
 *
 * owner-key: labels from the root down; each label lowercased, with 0x00 escaped as 0x01 0x01
 * and 0x01 as 0x01 0x02, then terminated by 0x00. A name's own RRsets (owner-key, 0x00, type)
 * therefore sort before its descendants (owner-key, label octet >= 0x01, ...), and labels compare
 * as RFC 4034 §6.1 wants: octet by octet, a shorter label first.
 */
export const APPLIED_KEY = Uint8Array.of(0x41);
const ZONE_PREFIX = 0x5a;
const RECORD_PREFIX = 0x52;
const JOURNAL_PREFIX = 0x4a;

const textEncoder = new TextEncoder();

export function zoneMetaKey(zoneKey: string): Uint8Array {
  const k = textEncoder.encode(zoneKey);
  const out = new Uint8Array(1 + k.length);
  out[0] = ZONE_PREFIX;
  out.set(k, 1);
  return out;
}

const TOMBSTONE_PREFIX = 0x54;

export function tombstoneKey(zoneKey: string): Uint8Array {
  const out = zoneMetaKey(zoneKey);
  out[0] = TOMBSTONE_PREFIX;
  return out;
}

export const TOMBSTONE_RANGE = {
  gte: Uint8Array.of(TOMBSTONE_PREFIX),
  lt: Uint8Array.of(TOMBSTONE_PREFIX + 1),
};

const STAGED_PREFIX = 0x50;
const STAGED_CHUNK_PREFIX = 0x51;

export function stagedKey(zoneKey: string): Uint8Array {
  const out = zoneMetaKey(zoneKey);
  out[0] = STAGED_PREFIX;
  return out;
}

export const STAGED_RANGE = { gte: Uint8Array.of(STAGED_PREFIX), lt: Uint8Array.of(STAGED_PREFIX + 1) };

export function stagedChunkKey(zoneKey: string, index: number): Uint8Array {
  const k = textEncoder.encode(zoneKey);
  const out = new Uint8Array(1 + k.length + 1 + 4);
  out[0] = STAGED_CHUNK_PREFIX;
  out.set(k, 1);
  new DataView(out.buffer).setUint32(k.length + 2, index);
  return out;
}

export const ZONE_META_RANGE = { gte: Uint8Array.of(ZONE_PREFIX), lt: Uint8Array.of(ZONE_PREFIX + 1) };

export function ownerKey(name: Name): Uint8Array {
  const labels = name.labels;
  let length = 0;
  for (const label of labels) {
    length += label.length + 1;
    for (const c of label) if (c <= 1) length++;
  }
  const out = new Uint8Array(length);
  let pos = 0;
  for (let i = labels.length - 1; i >= 0; i--) {
    for (let c of labels[i]) {
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c <= 1) {
        out[pos++] = 1;
        out[pos++] = c + 1;
      } else out[pos++] = c;
    }
    out[pos++] = 0;
  }
  return out;
}

function writeU64(out: Uint8Array, pos: number, value: number): void {
  const hi = Math.floor(value / 0x1_0000_0000);
  const lo = value >>> 0;
  out[pos] = hi >>> 24;
  out[pos + 1] = hi >>> 16;
  out[pos + 2] = hi >>> 8;
  out[pos + 3] = hi;
  out[pos + 4] = lo >>> 24;
  out[pos + 5] = lo >>> 16;
  out[pos + 6] = lo >>> 8;
  out[pos + 7] = lo;
}

export function readU64(buf: Uint8Array, pos: number): number {
  const hi = ((buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]) >>> 0;
  const lo = ((buf[pos + 4] << 24) | (buf[pos + 5] << 16) | (buf[pos + 6] << 8) | buf[pos + 7]) >>> 0;
  return hi * 0x1_0000_0000 + lo;
}

export function recordKey(zoneId: number, owner: Uint8Array, type: number): Uint8Array {
  const out = new Uint8Array(1 + 8 + owner.length + 3);
  out[0] = RECORD_PREFIX;
  writeU64(out, 1, zoneId);
  out.set(owner, 9);
  const p = 9 + owner.length;
  out[p] = 0;
  out[p + 1] = type >> 8;
  out[p + 2] = type & 0xff;
  return out;
}

/** All RRsets of a zone. */
export function zoneRecordRange(zoneId: number): { gte: Uint8Array; lt: Uint8Array } {
  const gte = new Uint8Array(9);
  gte[0] = RECORD_PREFIX;
  writeU64(gte, 1, zoneId);
  const lt = new Uint8Array(9);
  lt[0] = RECORD_PREFIX;
  writeU64(lt, 1, zoneId + 1);
  return { gte, lt };
}

/** The RRsets at exactly one owner name. */
export function ownerRecordRange(zoneId: number, owner: Uint8Array): { gte: Uint8Array; lt: Uint8Array } {
  const gte = recordKey(zoneId, owner, 0);
  const lt = recordKey(zoneId, owner, 0);
  lt[lt.length - 3] = 1;
  lt[lt.length - 2] = 0;
  lt[lt.length - 1] = 0;
  return { gte, lt };
}

export function recordKeyType(key: Uint8Array): number {
  return (key[key.length - 2] << 8) | key[key.length - 1];
}

export function journalKey(zoneId: number, sequence: number): Uint8Array {
  const out = new Uint8Array(17);
  out[0] = JOURNAL_PREFIX;
  writeU64(out, 1, zoneId);
  writeU64(out, 9, sequence);
  return out;
}

export function zoneJournalRange(zoneId: number): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: journalKey(zoneId, 0), lt: journalKey(zoneId + 1, 0) };
}

export function journalKeySequence(key: Uint8Array): number {
  return readU64(key, 9);
}

/** Hex form of a binary key, for in-memory maps of pending writes. */
export function keyId(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}
