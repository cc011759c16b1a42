import type { ZoneSettings as ApiZoneSettings } from '@shoal/admin-api';
import { Name } from '@shoal/dns-wire';
import { DnssecSettings, SerialPolicy, ZoneKind, ZoneSettings } from '@shoal/events';
import { EXPIRED_METADATA_KIND } from '@shoal/zone-transfer';
import { ValidationError, type Violation } from './errors.js';

/** The settings fields an UpdateZoneSettings mask may name (proto field names). */
export const SETTINGS_FIELDS = [
  'kind',
  'serial_policy',
  'transfer_acl',
  'also_notify',
  'tsig_keys',
  'primaries',
  'account',
  'metadata',
  'catalog',
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

const KINDS = new Set<number>([
  ZoneKind.ZONE_KIND_NATIVE,
  ZoneKind.ZONE_KIND_PRIMARY,
  ZoneKind.ZONE_KIND_SECONDARY,
  ZoneKind.ZONE_KIND_PRODUCER,
  ZoneKind.ZONE_KIND_CONSUMER,
]);
const POLICIES = new Set<number>([
  SerialPolicy.SERIAL_POLICY_INCREMENT,
  SerialPolicy.SERIAL_POLICY_EPOCH,
  SerialPolicy.SERIAL_POLICY_DATE,
]);

/**
 * Metadata kinds the fleet itself writes, not operators: the transfer bridge's expiry mark of
 * a secondary zone. An update that replaces the metadata keeps them unless it names them.
 */
const SYSTEM_METADATA_KINDS = [EXPIRED_METADATA_KIND] as const;

/**
 * The metadata after an operator's update that replaces it: `input`, plus the current system
 * kinds the input does not name (a stale settings copy must not clear the bridge's expiry
 * mark; naming the kind, with no values to clear it, is deliberate).
 */
export function replaceMetadata(
  current: ZoneSettings['metadata'],
  input: ZoneSettings['metadata'] | undefined,
): ZoneSettings['metadata'] {
  const next: ZoneSettings['metadata'] = { ...input };
  for (const kind of SYSTEM_METADATA_KINDS) {
    if (!input || !(kind in input)) {
      if (current[kind]) next[kind] = current[kind];
    } else if (input[kind].values.length === 0) delete next[kind];
  }
  return next;
}

/**
 * Event settings for a new zone from the API's (possibly partial) settings, signed when
 * `dnssec` says so (the signers sign its ZoneCreated).
 */
export function newZoneSettings(
  input: Partial<ApiZoneSettings> | undefined,
  dnssec?: DnssecSettings,
): ZoneSettings {
  return ZoneSettings.fromPartial({
    kind: (input?.kind as number | undefined) || ZoneKind.ZONE_KIND_NATIVE,
    serialPolicy: (input?.serialPolicy as number | undefined) || SerialPolicy.SERIAL_POLICY_INCREMENT,
    transferAcl: input?.transferAcl ?? [],
    alsoNotify: input?.alsoNotify ?? [],
    tsigKeys: (input?.tsigKeys ?? []).map(canonicalKeyName),
    primaries: input?.primaries ?? [],
    account: input?.account ?? '',
    metadata: input?.metadata ?? {},
    catalog: canonicalZoneName(input?.catalog ?? ''),
    dnssec: dnssec?.signed ? DnssecSettings.fromPartial(dnssec) : undefined,
  });
}

/** The settings after an update of the masked fields (empty mask: every field). */
export function patchZoneSettings(
  current: ZoneSettings,
  input: Partial<ApiZoneSettings>,
  mask: string[],
): ZoneSettings {
  const unknown = mask.filter((f) => !(SETTINGS_FIELDS as readonly string[]).includes(f));
  if (unknown.length) {
    throw new ValidationError(
      unknown.map((f) => ({
        field: 'update_mask',
        rule: 'bad-mask',
        message: `${f} is not a settings field`,
      })),
    );
  }
  const fields = new Set<string>(mask.length ? mask : SETTINGS_FIELDS);
  const next: ZoneSettings = { ...current };
  if (fields.has('kind')) next.kind = (input.kind as number) || ZoneKind.ZONE_KIND_NATIVE;
  if (fields.has('serial_policy'))
    next.serialPolicy = (input.serialPolicy as number) || SerialPolicy.SERIAL_POLICY_INCREMENT;
  if (fields.has('transfer_acl')) next.transferAcl = input.transferAcl ?? [];
  if (fields.has('also_notify')) next.alsoNotify = input.alsoNotify ?? [];
  if (fields.has('tsig_keys')) next.tsigKeys = (input.tsigKeys ?? []).map(canonicalKeyName);
  if (fields.has('primaries')) next.primaries = input.primaries ?? [];
  if (fields.has('account')) next.account = input.account ?? '';
  if (fields.has('metadata')) next.metadata = replaceMetadata(current.metadata, input.metadata);
  if (fields.has('catalog')) next.catalog = canonicalZoneName(input.catalog ?? '');
  return next;
}

export function apiSettings(settings: ZoneSettings): ApiZoneSettings {
  return {
    kind: settings.kind as number,
    serialPolicy: settings.serialPolicy as number,
    transferAcl: settings.transferAcl,
    alsoNotify: settings.alsoNotify,
    tsigKeys: settings.tsigKeys,
    primaries: settings.primaries,
    account: settings.account,
    metadata: Object.fromEntries(
      Object.entries(settings.metadata).map(([k, v]) => [k, { values: v.values }]),
    ),
    catalog: settings.catalog,
  };
}

/** True when two settings hold the same values (so an update would change nothing). */
export function sameSettings(a: ZoneSettings, b: ZoneSettings): boolean {
  return (
    Buffer.compare(
      Buffer.from(ZoneSettings.encode(a).finish()),
      Buffer.from(ZoneSettings.encode(b).finish()),
    ) === 0
  );
}

/** A catalog zone's name as the store keys zones (lower case, trailing dot); '' stays ''. */
function canonicalZoneName(name: string): string {
  if (name === '') return '';
  try {
    return Name.parse(name.endsWith('.') ? name : `${name}.`).key;
  } catch {
    return name; // reported by validateSettings
  }
}

function canonicalKeyName(name: string): string {
  try {
    return Name.parse(name.endsWith('.') ? name : `${name}.`).key;
  } catch {
    return name; // reported by validateSettings
  }
}

const CIDR = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
const ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+)(:\d{1,5})?$/;
/** Metadata kinds: PowerDNS's are upper case with dashes; ours the same (X- for custom ones). */
const METADATA_KIND = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function validateSettings(settings: ZoneSettings): void {
  const violations: Violation[] = [];
  const at = (field: string, rule: string, message: string) => violations.push({ field, rule, message });
  if (!KINDS.has(settings.kind)) at('settings.kind', 'bad-kind', `${settings.kind} is not a zone kind`);
  if (!POLICIES.has(settings.serialPolicy)) {
    at('settings.serial_policy', 'bad-serial-policy', `${settings.serialPolicy} is not a serial policy`);
  }
  settings.transferAcl.forEach((cidr, i) => {
    if (!CIDR.test(cidr))
      at(
        `settings.transfer_acl[${i}]`,
        'bad-cidr',
        `${JSON.stringify(cidr)} is not an address or CIDR prefix`,
      );
  });
  for (const [field, list] of [
    ['also_notify', settings.alsoNotify],
    ['primaries', settings.primaries],
  ] as const) {
    list.forEach((target, i) => {
      if (!ADDRESS.test(target))
        at(`settings.${field}[${i}]`, 'bad-address', `${JSON.stringify(target)} is not an address[:port]`);
    });
  }
  settings.tsigKeys.forEach((key, i) => {
    try {
      Name.parse(key.endsWith('.') ? key : `${key}.`);
    } catch (e) {
      at(`settings.tsig_keys[${i}]`, 'bad-name', `${JSON.stringify(key)}: ${(e as Error).message}`);
    }
  });
  for (const kind of Object.keys(settings.metadata)) {
    if (!METADATA_KIND.test(kind))
      at(`settings.metadata[${kind}]`, 'bad-metadata-kind', `${JSON.stringify(kind)} is not a metadata kind`);
  }
  if (settings.catalog !== '') {
    try {
      Name.parse(settings.catalog.endsWith('.') ? settings.catalog : `${settings.catalog}.`);
    } catch (e) {
      at('settings.catalog', 'bad-name', `${JSON.stringify(settings.catalog)}: ${(e as Error).message}`);
    }
    // RFC 9432 §4.1: a catalog lists member zones; it is not one of them.
    if (settings.kind === ZoneKind.ZONE_KIND_PRODUCER || settings.kind === ZoneKind.ZONE_KIND_CONSUMER)
      at('settings.catalog', 'catalog-of-catalog', 'a catalog zone cannot be a member of a catalog');
  }
  const pulled =
    settings.kind === ZoneKind.ZONE_KIND_SECONDARY || settings.kind === ZoneKind.ZONE_KIND_CONSUMER;
  if (pulled && settings.primaries.length === 0) {
    at('settings.primaries', 'primaries-required', 'a secondary zone needs at least one primary');
  }
  if (violations.length) throw new ValidationError(violations);
}
