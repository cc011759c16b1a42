import { ZoneSettings } from '@shoal/events';

/** What the projection knows of a zone beyond its RRsets. */
export interface ZoneMeta {
  /** Canonical name: lowercase presentation form with the trailing dot. */
  name: string;
  /** Stream sequence of the ZoneCreated event (see keys.ts). */
  zoneId: number;
  serial: number;
  /** Stream sequence of the zone's last applied event (for expected-last-subject-sequence). */
  lastSequence: number;
  settings: ZoneSettings;
  journalCount: number;
  rrsetCount: number;
  recordCount: number;
  /** Time of the last applied event, from the stream (ms since 1970). */
  updatedMs: number;
}

interface StoredMeta extends Omit<ZoneMeta, 'settings'> {
  settings: string;
}

export function encodeZoneMeta(meta: ZoneMeta): Uint8Array {
  const stored: StoredMeta = {
    ...meta,
    settings: Buffer.from(ZoneSettings.encode(meta.settings).finish()).toString('base64'),
  };
  return new TextEncoder().encode(JSON.stringify(stored));
}

export function decodeZoneMeta(bytes: Uint8Array): ZoneMeta {
  const stored = JSON.parse(new TextDecoder().decode(bytes)) as StoredMeta;
  return { ...stored, settings: ZoneSettings.decode(Buffer.from(stored.settings, 'base64')) };
}
