import type { RRset as ApiRRset, Zone as ApiZone, ZoneSettings as ApiZoneSettings } from '@shoal/admin-api';
import { type Name, rdataToText, rrTypeToString } from '@shoal/dns-wire';
import { type DnssecSettings, type Event, type Provenance, ZoneKind, type ZoneSettings } from '@shoal/events';
import type { StreamFollower, ZoneMeta } from '@shoal/projection';
import { catalogApex } from './catalog-producer.js';
import { planChangeSet } from './change-plan.js';
import { ValidationError, type Violation, ZoneExistsError, ZoneNotFoundError } from './errors.js';
import {
  applyCommentChanges,
  type CommentChange,
  type CommentInput,
  commentsToApi,
} from './rrset-comments.js';
import {
  type ParsedRRsetInput,
  parseOwner,
  parseRRsetInput,
  parseStorableType,
  type RRsetChange,
} from './rrset-input.js';
import { type CreationDefaults, parseZoneName, planZoneCreation } from './zone-creation.js';
import {
  apiSettings,
  newZoneSettings,
  patchZoneSettings,
  sameSettings,
  validateSettings,
} from './zone-settings.js';
import { loadZoneState } from './zone-state.js';
import type { WriteOutcome, WriteRequest, ZoneWriter } from './zone-writer.js';

/** Who asks, and what travels with their request into the event's provenance. */
export interface Caller {
  actor: string;
  requestId?: string;
  reason?: string;
  /** W3C trace context: kept in the provenance and sent as the event's traceparent header. */
  traceparent?: string;
  /** Aborted when the client cancels or its deadline passes: nothing is written after that. */
  signal?: AbortSignal;
  deadlineExceeded?: () => boolean;
}

export interface CreateZoneInput {
  name: string;
  settings?: Partial<ApiZoneSettings>;
  rrsets: ParsedRRsetInput[];
  nameservers: string[];
  /** Comments of the new zone's RRsets (kept in its settings from the start). */
  comments?: CommentChange[];
  /** Signing settings: a signed zone's ZoneCreated is signed by the signers before it is appended. */
  dnssec?: DnssecSettings;
}

export interface RRsetEdit {
  op: 'replace' | 'delete';
  rrset: ParsedRRsetInput;
  /** Replace the RRset's comments with these (undefined: keep them). */
  comments?: CommentInput[];
  /** Change only the comments, not the records. */
  keepRecords?: boolean;
}

export interface ZoneAdminOptions {
  clock?: () => Date;
  /** SOA defaults for zones created without an SOA. */
  creationDefaults?: CreationDefaults;
}

/**
 * The admin operations, independent of transport: gRPC and the PowerDNS-compatible HTTP API
 * both call these. Reads come from the admin's own projection; writes go through ZoneWriter.
 */
export class ZoneAdmin {
  readonly clock: () => Date;

  constructor(
    readonly follower: StreamFollower,
    readonly writer: ZoneWriter,
    private readonly options: ZoneAdminOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  provenance(caller: Caller): Provenance {
    return {
      actor: caller.actor,
      timeUnixMs: this.clock().getTime(),
      reason: caller.reason ?? '',
      requestId: caller.requestId ?? '',
      traceparent: caller.traceparent ?? '',
    };
  }

  /** What the writer needs of a caller; `suffix` derives a distinct idempotency key for a second event. */
  writeRequest(caller: Caller, suffix = ''): WriteRequest {
    return {
      requestId: caller.requestId ? caller.requestId + suffix : undefined,
      headers: caller.traceparent ? { traceparent: caller.traceparent } : undefined,
      signal: caller.signal,
      deadlineExceeded: caller.deadlineExceeded,
    };
  }

  get store() {
    return this.follower.store;
  }

  zoneMeta(name: string): ZoneMeta {
    const origin = parseZoneName(name);
    const meta = this.store.zone(origin.key);
    if (!meta) throw new ZoneNotFoundError(origin.toString());
    return meta;
  }

  async createZone(
    input: CreateZoneInput,
    caller: Caller,
    defaults?: CreationDefaults,
  ): Promise<WriteOutcome> {
    const origin = parseZoneName(input.name);
    const settings = newZoneSettings(input.settings, input.dnssec);
    if (input.comments?.length) {
      settings.rrsetComments =
        applyCommentChanges([], input.comments, Math.floor(this.clock().getTime() / 1000)) ?? [];
    }
    validateSettings(settings);
    let { rrsets, nameservers } = input;
    if (settings.kind === ZoneKind.ZONE_KIND_PRODUCER) {
      // RFC 9432 §4.1-4.2.1: a catalog's NS is "invalid." and it says which schema it follows.
      const apex = catalogApex();
      const named = (type: string, name: string) =>
        rrsets.some((r) => r.type.toUpperCase() === type && [name, `${name}.${origin.key}`].includes(r.name));
      if (nameservers.length === 0 && !named('NS', '@') && !named('NS', origin.key))
        nameservers = apex.nameservers;
      if (!named('TXT', 'version')) rrsets = [...rrsets, ...apex.rrsets];
    }
    const records = planZoneCreation(origin, rrsets, nameservers, settings.serialPolicy, this.clock(), {
      ...this.options.creationDefaults,
      ...defaults,
    });
    let existed = false;
    const outcome = await this.writer.write(origin, this.writeRequest(caller), async (meta) => {
      if (meta) {
        existed = true;
        return undefined;
      }
      return this.event(origin, caller, { $case: 'zoneCreated', zoneCreated: { settings, records } });
    });
    if (existed) throw new ZoneExistsError(origin.toString());
    return outcome;
  }

  async deleteZone(name: string, caller: Caller): Promise<WriteOutcome> {
    const origin = parseZoneName(name);
    let missing = false;
    const outcome = await this.writer.write(origin, this.writeRequest(caller), async (meta) => {
      if (!meta) {
        missing = true;
        return undefined;
      }
      return this.event(origin, caller, { $case: 'zoneDeleted', zoneDeleted: {} });
    });
    if (missing) throw new ZoneNotFoundError(origin.toString());
    return outcome;
  }

  /**
   * Applies several RRset edits as ONE ChangeSet (one serial, one event). Comments are not DNS
   * data: when they change too, a ZoneSettingsChanged event follows the ChangeSet.
   */
  async editRRsets(zone: string, edits: RRsetEdit[], caller: Caller): Promise<WriteOutcome> {
    const origin = parseZoneName(zone);
    const violations: Violation[] = [];
    const changes: RRsetChange[] = [];
    const commentChanges: CommentChange[] = [];
    edits.forEach((edit, i) => {
      const field = `rrsets[${i}]`;
      if (edit.keepRecords) {
        const owner = parseOwner(origin, edit.rrset.name, `${field}.name`, violations);
        const type = parseStorableType(edit.rrset.type, `${field}.type`, violations);
        if (owner && type !== undefined) commentChanges.push({ owner, type, comments: edit.comments ?? [] });
        return;
      }
      const change = parseRRsetInput(origin, edit.rrset, field, edit.op, violations);
      if (!change) return;
      changes.push(change);
      // A deleted RRset loses its comments (as in PowerDNS).
      if (change.op === 'delete')
        commentChanges.push({ owner: change.owner, type: change.type, comments: [] });
      else if (edit.comments)
        commentChanges.push({ owner: change.owner, type: change.type, comments: edit.comments });
    });
    if (violations.length) throw new ValidationError(violations);
    let outcome = await this.writeChanges(origin, changes, caller);
    if (commentChanges.length) {
      const settingsOutcome = await this.writeSettings(
        origin,
        caller,
        (settings) => {
          const rrsetComments = applyCommentChanges(
            settings.rrsetComments,
            commentChanges,
            Math.floor(this.clock().getTime() / 1000),
          );
          return rrsetComments ? { ...settings, rrsetComments } : undefined;
        },
        ':comments',
      );
      if (settingsOutcome.sequence > outcome.sequence)
        outcome = { ...settingsOutcome, serial: outcome.serial || settingsOutcome.serial };
    }
    return outcome;
  }

  /** One ChangeSet from parsed changes, planned against the zone's state at append time. */
  async writeChanges(
    origin: Name,
    changes: RRsetChange[],
    caller: Caller,
    suffix = '',
  ): Promise<WriteOutcome> {
    let missing = false;
    const outcome = await this.writer.write(origin, this.writeRequest(caller, suffix), async (meta) => {
      if (!meta) {
        missing = true;
        return undefined;
      }
      if (changes.length === 0) return undefined;
      const state = await loadZoneState(this.store, meta, origin, changes);
      const changeSet = planChangeSet(state, changes, this.clock());
      return changeSet ? this.event(origin, caller, { $case: 'changeSet', changeSet }) : undefined;
    });
    if (missing) throw new ZoneNotFoundError(origin.toString());
    return outcome;
  }

  /** A ZoneSettingsChanged event with `update(current)`, unless it returns undefined or the same settings. */
  async writeSettings(
    origin: Name,
    caller: Caller,
    update: (current: ZoneSettings) => ZoneSettings | undefined,
    suffix = '',
  ): Promise<WriteOutcome> {
    let missing = false;
    const outcome = await this.writer.write(origin, this.writeRequest(caller, suffix), async (meta) => {
      if (!meta) {
        missing = true;
        return undefined;
      }
      const settings = update(meta.settings);
      if (!settings || sameSettings(settings, meta.settings)) return undefined;
      validateSettings(settings);
      return this.event(origin, caller, { $case: 'zoneSettingsChanged', zoneSettingsChanged: { settings } });
    });
    if (missing) throw new ZoneNotFoundError(origin.toString());
    return outcome;
  }

  /** Changes the masked settings fields with one ZoneSettingsChanged event (records untouched). */
  updateSettings(
    name: string,
    input: Partial<ApiZoneSettings>,
    mask: string[],
    caller: Caller,
  ): Promise<WriteOutcome> {
    const origin = parseZoneName(name);
    return this.writeSettings(origin, caller, (current) => patchZoneSettings(current, input, mask));
  }

  async getZone(
    name: string,
    withRecords: boolean,
    filter: { name?: Name; type?: number } = {},
  ): Promise<ApiZone> {
    const meta = this.zoneMeta(name);
    const rrsets: ApiRRset[] = [];
    if (withRecords) {
      for await (const set of this.store.rrsets(meta)) {
        if (filter.name && !filter.name.equals(set.owner)) continue;
        if (filter.type !== undefined && filter.type !== set.type) continue;
        rrsets.push({
          name: set.owner.toString(),
          type: rrTypeToString(set.type),
          ttl: set.ttl,
          records: set.rdatas.map((r) => rdataToText(set.type, r)),
        });
      }
    }
    return { ...zoneSummary(meta), rrsets, comments: withRecords ? commentsToApi(meta.settings) : [] };
  }

  listZones(
    pageSize: number,
    pageToken: string,
    nameSuffix: string,
  ): { zones: ApiZone[]; nextPageToken: string } {
    const suffix = nameSuffix ? parseZoneName(nameSuffix) : undefined;
    let metas = this.store.listZones().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (suffix) metas = metas.filter((m) => m.name === suffix.key || m.name.endsWith(`.${suffix.key}`));
    if (pageToken) metas = metas.filter((m) => m.name > pageToken);
    const size = pageSize > 0 ? Math.min(pageSize, 1000) : 100;
    const page = metas.slice(0, size);
    const nextPageToken = metas.length > size ? page[page.length - 1].name : '';
    return { zones: page.map((m) => ({ ...zoneSummary(m), rrsets: [], comments: [] })), nextPageToken };
  }

  event(origin: Name, caller: Caller, body: Event['body']): Omit<Event, 'schemaVersion'> {
    return { zone: origin.key, provenance: this.provenance(caller), body };
  }
}

export function zoneSummary(meta: ZoneMeta): Omit<ApiZone, 'rrsets' | 'comments'> {
  return {
    name: meta.name,
    serial: meta.serial,
    lastSequence: meta.lastSequence,
    rrsetCount: meta.rrsetCount,
    recordCount: meta.recordCount,
    settings: apiSettings(meta.settings),
  };
}
