import { ZoneKind, type ZoneSettings } from '@shoal/events';
import type { TransferPolicy } from './access.js';

/**
 * Metadata kind the transfer bridge sets on a secondary zone that expired (RFC 1035 §4.3.5:
 * no successful refresh for EXPIRE seconds), with the expiry time (ISO 8601) as its value, and
 * removes once a primary answers again. Nodes answer SERVFAIL for an expired zone, as BIND
 * does, instead of serving data that may be stale. It travels in a ZoneSettingsChanged event
 * like any other setting, so every node and every admin sees the same state.
 */
export const EXPIRED_METADATA_KIND = 'X-SHOAL-EXPIRED';

/** When the zone expired (ms since 1970), or undefined when it is being served. */
export function zoneExpiredAt(settings: ZoneSettings | undefined): number | undefined {
  const values = settings?.metadata?.[EXPIRED_METADATA_KIND]?.values;
  if (!values || values.length === 0) return undefined;
  const at = Date.parse(values[0]);
  return Number.isNaN(at) ? 0 : at;
}

/** A copy of the settings with the expiry mark set (a time) or cleared (undefined). */
export function withZoneExpiry(settings: ZoneSettings, atMs: number | undefined): ZoneSettings {
  const metadata = { ...settings.metadata };
  if (atMs === undefined) delete metadata[EXPIRED_METADATA_KIND];
  else metadata[EXPIRED_METADATA_KIND] = { values: [new Date(atMs).toISOString()] };
  return { ...settings, metadata };
}

/** Pulled from a legacy primary by the bridges: a secondary zone, or a catalog consumed (RFC 9432). */
export function isSecondaryZone(settings: ZoneSettings | undefined): boolean {
  return settings?.kind === ZoneKind.ZONE_KIND_SECONDARY || settings?.kind === ZoneKind.ZONE_KIND_CONSUMER;
}

export function transferPolicyOf(settings: ZoneSettings | undefined): TransferPolicy {
  return { transferAcl: settings?.transferAcl ?? [], tsigKeys: settings?.tsigKeys ?? [] };
}
