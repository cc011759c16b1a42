import type { RRset as ApiRRset, ZoneSettings as ApiZoneSettings, Zone as ApiZone } from '@shoal/admin-api';
import { type Name, rdataToText, rrTypeToString } from '@shoal/dns-wire';
import { type Provenance, SerialPolicy, ZoneKind, ZoneSettings } from '@shoal/events';
import type { StreamFollower, ZoneMeta } from '@shoal/projection';
import { type CurrentRRset, type ParsedRRsetInput, parseRRsetInput, planChangeSet, type RRsetChange } from './change-plan.js';
import { ValidationError, type Violation, ZoneExistsError, ZoneNotFoundError } from './errors.js';
import { parseZoneName, planZoneCreation } from './zone-creation.js';
import type { WriteOutcome, ZoneWriter } from './zone-writer.js';

export interface Caller {
  actor: string;
  requestId?: string;
  reason?: string;
  traceparent?: string;
}

export interface CreateZoneInput {
  name: string;
  settings?: Partial<ApiZoneSettings>;
  rrsets: ParsedRRsetInput[];
  nameservers: string[];
}

export interface RRsetEdit {
  op: 'replace' | 'delete';
  rrset: ParsedRRsetInput;
}

/**
 * The admin operations, independent of transport: gRPC and the PowerDNS-compatible HTTP API
 * both call these. Reads come from the admin's own projection; writes go through ZoneWriter.
 */
export class ZoneAdmin {
  constructor(
    private readonly follower: StreamFollower,
    private readonly writer: ZoneWriter,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private provenance(caller: Caller): Provenance {
    return {
      actor: caller.actor,
      timeUnixMs: this.clock().getTime(),
      reason: caller.reason ?? '',
      requestId: caller.requestId ?? '',
      traceparent: caller.traceparent ?? '',
    };
  }

  private get store() {
    return this.follower.store;
  }

  zoneMeta(name: string): ZoneMeta {
    const origin = parseZoneName(name);
    const meta = this.store.zone(origin.key);
    if (!meta) throw new ZoneNotFoundError(origin.toString());
    return meta;
  }

  async createZone(input: CreateZoneInput, caller: Caller): Promise<WriteOutcome> {
    const origin = parseZoneName(input.name);
    const settings = ZoneSettings.fromPartial({
      kind: (input.settings?.kind as number | undefined) ?? ZoneKind.ZONE_KIND_NATIVE,
      serialPolicy: (input.settings?.serialPolicy as number | undefined) ?? SerialPolicy.SERIAL_POLICY_INCREMENT,
      transferAcl: input.settings?.transferAcl ?? [],
      alsoNotify: input.settings?.alsoNotify ?? [],
      tsigKeys: input.settings?.tsigKeys ?? [],
      primaries: input.settings?.primaries ?? [],
      account: input.settings?.account ?? '',
    });
    validateSettings(settings);
    const records = planZoneCreation(origin, input.rrsets, input.nameservers, settings.serialPolicy, this.clock());
    let existed = false;
    const outcome = await this.writer.write(origin, caller.requestId, async (meta) => {
      if (meta) {
        existed = true;
        return undefined;
      }
      return {
        zone: origin.key,
        provenance: this.provenance(caller),
        body: { $case: 'zoneCreated', zoneCreated: { settings, records } },
      };
    });
    if (existed) throw new ZoneExistsError(origin.toString());
    return outcome;
  }

  async deleteZone(name: string, caller: Caller): Promise<WriteOutcome> {
    const origin = parseZoneName(name);
    let missing = false;
    const outcome = await this.writer.write(origin, caller.requestId, async (meta) => {
      if (!meta) {
        missing = true;
        return undefined;
      }
      return { zone: origin.key, provenance: this.provenance(caller), body: { $case: 'zoneDeleted', zoneDeleted: {} } };
    });
    if (missing) throw new ZoneNotFoundError(origin.toString());
    return outcome;
  }

  /** Applies several RRset edits as ONE ChangeSet (one serial, one event). */
  async editRRsets(zone: string, edits: RRsetEdit[], caller: Caller): Promise<WriteOutcome> {
    const origin = parseZoneName(zone);
    const violations: Violation[] = [];
    const changes: RRsetChange[] = [];
    edits.forEach((edit, i) => {
      const change = parseRRsetInput(origin, edit.rrset, `rrsets[${i}]`, edit.op, violations);
      if (change) changes.push(change);
    });
    if (violations.length) throw new ValidationError(violations);
    let missing = false;
    const outcome = await this.writer.write(origin, caller.requestId, async (meta) => {
      if (!meta) {
        missing = true;
        return undefined;
      }
      const rrsetsAt = new Map<string, CurrentRRset[]>();
      for (const owner of [origin, ...changes.map((c) => c.owner)]) {
        if (!rrsetsAt.has(owner.key)) rrsetsAt.set(owner.key, await this.store.rrsetsAt(meta, owner));
      }
      const changeSet = planChangeSet(
        { origin, serial: meta.serial, serialPolicy: meta.settings.serialPolicy, rrsetsAt },
        changes,
        this.clock(),
      );
      if (!changeSet) return undefined;
      return { zone: origin.key, provenance: this.provenance(caller), body: { $case: 'changeSet', changeSet } };
    });
    if (missing) throw new ZoneNotFoundError(origin.toString());
    return outcome;
  }

  async getZone(name: string, withRecords: boolean): Promise<ApiZone> {
    const meta = this.zoneMeta(name);
    const origin = parseZoneName(meta.name);
    const rrsets: ApiRRset[] = [];
    if (withRecords) {
      for await (const set of this.store.rrsets(meta)) {
        rrsets.push({
          name: set.owner.toString(),
          type: rrTypeToString(set.type),
          ttl: set.ttl,
          records: set.rdatas.map((r) => rdataToText(set.type, r)),
        });
      }
    }
    return { ...zoneSummary(meta), rrsets, name: origin.toString() };
  }

  listZones(pageSize: number, pageToken: string, nameSuffix: string): { zones: ApiZone[]; nextPageToken: string } {
    const suffix = nameSuffix ? parseZoneName(nameSuffix) : undefined;
    let metas = this.store.listZones().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (suffix) metas = metas.filter((m) => m.name === suffix.key || m.name.endsWith(`.${suffix.key}`));
    if (pageToken) metas = metas.filter((m) => m.name > pageToken);
    const size = pageSize > 0 ? Math.min(pageSize, 1000) : 100;
    const page = metas.slice(0, size);
    const nextPageToken = metas.length > size ? page[page.length - 1].name : '';
    return { zones: page.map((m) => ({ ...zoneSummary(m), rrsets: [] })), nextPageToken };
  }
}

function zoneSummary(meta: ZoneMeta): Omit<ApiZone, 'rrsets'> {
  return {
    name: meta.name,
    serial: meta.serial,
    lastSequence: meta.lastSequence,
    rrsetCount: meta.rrsetCount,
    recordCount: meta.recordCount,
    settings: {
      kind: meta.settings.kind as number,
      serialPolicy: meta.settings.serialPolicy as number,
      transferAcl: meta.settings.transferAcl,
      alsoNotify: meta.settings.alsoNotify,
      tsigKeys: meta.settings.tsigKeys,
      primaries: meta.settings.primaries,
      account: meta.settings.account,
    },
  };
}

export function validateSettings(settings: ZoneSettings): void {
  const violations: Violation[] = [];
  settings.transferAcl.forEach((cidr, i) => {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(cidr)) {
      violations.push({ field: `settings.transfer_acl[${i}]`, rule: 'bad-cidr', message: `${JSON.stringify(cidr)} is not an address or CIDR prefix` });
    }
  });
  for (const [field, list] of [['also_notify', settings.alsoNotify], ['primaries', settings.primaries]] as const) {
    list.forEach((target, i) => {
      if (!/^(\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+)(:\d{1,5})?$/.test(target)) {
        violations.push({ field: `settings.${field}[${i}]`, rule: 'bad-address', message: `${JSON.stringify(target)} is not an address[:port]` });
      }
    });
  }
  if (settings.kind === ZoneKind.ZONE_KIND_SECONDARY && settings.primaries.length === 0) {
    violations.push({ field: 'settings.primaries', rule: 'primaries-required', message: 'a secondary zone needs at least one primary' });
  }
  if (violations.length) throw new ValidationError(violations);
}

export type { Name };
