import type { ZoneSettings as ApiZoneSettings } from '@shoal/admin-api';
import { type Name, RRType, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import type { ChangeSet, DnssecSettings } from '@shoal/events';
import type { ZoneMeta } from '@shoal/projection';
import { type CurrentRRset, planChangeSet, type ZoneState } from './change-plan.js';
import {
  EventTooLargeError,
  RequestCancelledError,
  ZoneChangedError,
  ZoneExistsError,
  ZoneNotFoundError,
} from './errors.js';
import { type ReplaceChange, type RRsetChange, rdataKey } from './rrset-input.js';
import { serialGreater } from './serial-policy.js';
import type { Caller, ZoneAdmin } from './zone-admin.js';
import { creationRecords, parseZoneName } from './zone-creation.js';
import { readZoneFile } from './zone-file-read.js';
import { recordText } from './zone-history.js';
import { newZoneSettings, validateSettings } from './zone-settings.js';
import { loadZoneState } from './zone-state.js';
import type { WriteOutcome } from './zone-writer.js';

export type ImportMode = 'one-change' | 'chunked';

export interface ImportOptions {
  zone: string;
  mode: ImportMode;
  /** Create the zone when it does not exist. */
  create: boolean;
  settings?: Partial<ApiZoneSettings>;
  /** Signing settings of a new zone (its ZoneCreated is signed by the signers). */
  dnssec?: DnssecSettings;
  /** Refuse unless the zone's last event is this sequence (0: no check). */
  expectedSequence?: number;
  dryRun: boolean;
  /** CHUNKED: most records (removed + added) per ChangeSet. */
  maxRecordsPerChange?: number;
  onProgress?: (records: number) => void;
  /** MNAME of the SOA made for a new zone whose file has none. */
  soaPrimary?: string;
}

export interface ImportResult {
  results: WriteOutcome[];
  serial: number;
  recordsParsed: number;
  recordsAdded: number;
  recordsRemoved: number;
  rrsetsChanged: number;
  created: boolean;
  /** Dry run only: what would change, presentation form. */
  removed: string[];
  added: string[];
}

/** Dry runs list at most this many records of each side. */
const MAX_LISTED = 10_000;
/** Estimated encoding overhead of one record in an event beyond its owner and RDATA. */
const RECORD_OVERHEAD = 16;

/** The zone as one map: owner key -> RRsets (what planChangeSet reads), from one LevelDB scan. */
type Snapshot = Map<string, CurrentRRset[]>;

/**
 * Replaces a zone's contents with a zone file's. The change is the difference between the two
 * (RRsets replaced, added and deleted), so the journal stays usable for IXFR and nodes apply only
 * what changed, rather than a ZoneSnapshot that rewrites every record. ONE_CHANGE writes it as
 * one ChangeSet; CHUNKED as several, each atomic and within the message size limit.
 */
export class ZoneImporter {
  constructor(private readonly admin: ZoneAdmin) {}

  private get store() {
    return this.admin.store;
  }

  async import(
    chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
    options: ImportOptions,
    caller: Caller,
  ): Promise<ImportResult> {
    const origin = parseZoneName(options.zone);
    const settings = newZoneSettings(options.settings, options.dnssec);
    if (options.create) validateSettings(settings);
    const file = await readZoneFile(origin, chunks, options.onProgress).catch((e) => {
      // A client that went away mid-upload is not a syntax error in its file.
      if (caller.signal?.aborted) throw new RequestCancelledError(caller.deadlineExceeded?.() ?? false);
      throw e;
    });
    const result: ImportResult = {
      results: [],
      serial: 0,
      recordsParsed: file.records,
      recordsAdded: 0,
      recordsRemoved: 0,
      rrsetsChanged: 0,
      created: false,
      removed: [],
      added: [],
    };
    let meta = this.store.zone(origin.key);
    if (!meta) {
      if (!options.create) throw new ZoneNotFoundError(origin.toString());
      const created = await this.create(origin, file.rrsets, settings, options, caller, result);
      if (created) return created;
      meta = this.store.zone(origin.key)!;
    }
    this.checkExpected(origin, meta, options.expectedSequence);
    let snapshot = await this.snapshot(meta);
    let snapshotSequence = meta.lastSequence;
    const changesFor = (snap: Snapshot) => desiredChanges(origin, file.rrsets, snap);
    if (options.dryRun || options.mode === 'one-change') {
      let planned: ChangeSet | undefined;
      let changeCount = 0;
      const plan = async (current: ZoneMeta) => {
        this.checkExpected(origin, current, options.expectedSequence);
        if (current.lastSequence !== snapshotSequence) {
          snapshot = await this.snapshot(current);
          snapshotSequence = current.lastSequence;
        }
        const changes = changesFor(snapshot);
        changeCount = effective(changes, snapshot).length;
        planned = planChangeSet(stateOf(origin, current, snapshot, changes), changes, this.admin.clock());
        return planned;
      };
      if (options.dryRun) {
        await plan(meta);
        this.account(result, planned, true);
        result.rrsetsChanged = changeCount;
        result.serial = planned?.toSerial ?? meta.serial;
        return result;
      }
      const outcome = await this.admin.writer.write(
        origin,
        this.admin.writeRequest(caller),
        async (current) => {
          if (!current) throw new ZoneNotFoundError(origin.toString());
          const changeSet = await plan(current);
          return changeSet ? this.admin.event(origin, caller, { $case: 'changeSet', changeSet }) : undefined;
        },
      );
      this.account(result, planned, false);
      result.rrsetsChanged = planned ? changeCount : 0;
      if (planned) result.results.push(outcome);
      result.serial = this.store.zone(origin.key)?.serial ?? outcome.serial;
      return result;
    }
    // CHUNKED: check every rule on the whole result first, so a bad file writes nothing.
    const all = changesFor(snapshot);
    if (!planChangeSet(stateOf(origin, meta, snapshot, all), all, this.admin.clock())) {
      result.serial = meta.serial;
      return result;
    }
    const groups = chunkChanges(effective(all, snapshot), snapshot, {
      maxBytes: Math.floor(this.admin.writer.maxMessageBytes * 0.9),
      maxRecords: options.maxRecordsPerChange || Number.POSITIVE_INFINITY,
      zone: origin.toString(),
    });
    result.rrsetsChanged = groups.reduce((n, g) => n + g.length, 0);
    for (let i = 0; i < groups.length; i++) {
      const changes = groups[i];
      let planned: ChangeSet | undefined;
      const outcome = await this.admin.writer.write(
        origin,
        this.admin.writeRequest(caller, `:${i + 1}/${groups.length}`),
        async (current) => {
          if (!current) throw new ZoneNotFoundError(origin.toString());
          // Our own previous chunk is the only event since the snapshot: reuse it; else re-read.
          const state =
            current.lastSequence === snapshotSequence
              ? stateOf(origin, current, snapshot, changes)
              : await loadZoneState(this.store, current, origin, changes);
          planned = planChangeSet(state, changes, this.admin.clock());
          return planned
            ? this.admin.event(origin, caller, { $case: 'changeSet', changeSet: planned })
            : undefined;
        },
      );
      this.account(result, planned, false);
      if (planned) result.results.push(outcome);
      const after = this.store.zone(origin.key);
      if (!after) throw new ZoneNotFoundError(origin.toString());
      if (planned && outcome.sequence === after.lastSequence) {
        applyToSnapshot(snapshot, changes);
        snapshot.set(origin.key, await this.store.rrsetsAt(after, origin));
        snapshotSequence = after.lastSequence;
      }
      result.serial = after.serial;
    }
    return result;
  }

  /**
   * A zone that does not exist yet. ONE_CHANGE (and dry runs) make it with one ZoneCreated event
   * holding everything; CHUNKED creates it from the file's SOA and apex NS and lets the caller
   * add the rest in chunks. Returns the result when done, undefined to continue.
   */
  private async create(
    origin: Name,
    rrsets: ReplaceChange[],
    settings: ReturnType<typeof newZoneSettings>,
    options: ImportOptions,
    caller: Caller,
    result: ImportResult,
  ): Promise<ImportResult | undefined> {
    const now = this.admin.clock();
    const whole = options.mode === 'one-change' || options.dryRun;
    const initial = whole
      ? rrsets
      : rrsets.filter((c) => c.owner.equals(origin) && (c.type === RRType.SOA || c.type === RRType.NS));
    const records = creationRecords(origin, initial, settings.serialPolicy, now, {
      soaPrimary: options.soaPrimary,
    });
    if (options.dryRun) {
      result.created = true;
      result.recordsAdded = records.filter((r) => r.type !== RRType.SOA).length;
      result.added = records.slice(0, MAX_LISTED).map(recordText);
      result.rrsetsChanged = rrsets.length;
      return result;
    }
    let existed = false;
    const outcome = await this.admin.writer.write(
      origin,
      this.admin.writeRequest(caller, ':create'),
      async (meta) => {
        if (meta) {
          existed = true;
          return undefined;
        }
        return this.admin.event(origin, caller, { $case: 'zoneCreated', zoneCreated: { settings, records } });
      },
    );
    if (existed) throw new ZoneExistsError(origin.toString());
    result.created = true;
    result.results.push(outcome);
    result.recordsAdded += records.filter((r) => r.type !== RRType.SOA).length;
    result.serial = outcome.serial || (this.store.zone(origin.key)?.serial ?? 0);
    if (whole) {
      result.rrsetsChanged = rrsets.length;
      return result;
    }
    return undefined;
  }

  private checkExpected(origin: Name, meta: ZoneMeta, expected: number | undefined): void {
    if (expected && meta.lastSequence !== expected)
      throw new ZoneChangedError(origin.toString(), expected, meta.lastSequence);
  }

  private async snapshot(meta: ZoneMeta): Promise<Snapshot> {
    const snapshot: Snapshot = new Map();
    for await (const set of this.store.rrsets(meta)) {
      const list = snapshot.get(set.owner.key);
      if (list) list.push(set);
      else snapshot.set(set.owner.key, [set]);
    }
    return snapshot;
  }

  private account(result: ImportResult, changeSet: ChangeSet | undefined, list: boolean): void {
    if (!changeSet) return;
    const removed = changeSet.removed.filter((r) => r.type !== RRType.SOA);
    const added = changeSet.added.filter((r) => r.type !== RRType.SOA);
    result.recordsRemoved += removed.length;
    result.recordsAdded += added.length;
    if (list) {
      result.removed = changeSet.removed.slice(0, MAX_LISTED).map(recordText);
      result.added = changeSet.added.slice(0, MAX_LISTED).map(recordText);
    }
  }
}

/** The changes that turn the zone into the file: replace every RRset of the file, delete the others (SOA kept if the file has none). */
function desiredChanges(origin: Name, rrsets: ReplaceChange[], snapshot: Snapshot): RRsetChange[] {
  const wanted = new Set(rrsets.map((c) => `${c.owner.key}/${c.type}`));
  const changes: RRsetChange[] = [...rrsets];
  for (const sets of snapshot.values()) {
    for (const s of sets) {
      if (s.type === RRType.SOA && s.owner.equals(origin)) continue;
      if (!wanted.has(`${s.owner.key}/${s.type}`)) {
        changes.push({ op: 'delete', owner: s.owner, type: s.type, field: `delete ${s.owner} ${s.type}` });
      }
    }
  }
  return changes;
}

function current(snapshot: Snapshot, owner: Name, type: number): CurrentRRset | undefined {
  return snapshot.get(owner.key)?.find((s) => s.type === type);
}

/** The changes that change something (an identical RRset in the file is not a change). */
function effective(changes: RRsetChange[], snapshot: Snapshot): RRsetChange[] {
  return changes.filter((c) => {
    const now = current(snapshot, c.owner, c.type);
    if (c.op === 'delete') return now !== undefined;
    if (c.type === RRType.SOA && now && c.rdatas.length === 1) {
      const serial = soaSerial(now.rdatas[0]);
      const same = withSoaSerial(c.rdatas[0], serial);
      return (
        serialGreater(soaSerial(c.rdatas[0]), serial) ||
        now.ttl !== c.ttl ||
        rdataKey(c.type, same) !== rdataKey(c.type, now.rdatas[0])
      );
    }
    if (!now || now.ttl !== c.ttl || now.rdatas.length !== c.rdatas.length) return true;
    const keys = new Set(now.rdatas.map((r) => rdataKey(c.type, r)));
    return !c.rdatas.every((r) => keys.has(rdataKey(c.type, r)));
  });
}

function stateOf(origin: Name, meta: ZoneMeta, snapshot: Snapshot, changes: RRsetChange[]): ZoneState {
  const state: ZoneState = { origin, serialPolicy: meta.settings.serialPolicy, rrsetsAt: snapshot };
  const newDnames = changes.filter(
    (c) => c.op === 'replace' && c.type === RRType.DNAME && !current(snapshot, c.owner, RRType.DNAME),
  );
  if (newDnames.length) {
    state.below = new Map();
    for (const sets of snapshot.values()) {
      for (const s of sets) {
        for (const d of newDnames) {
          if (s.owner.equals(d.owner) || !s.owner.isSubdomainOf(d.owner)) continue;
          const list = state.below.get(d.owner.key) ?? [];
          list.push({ owner: s.owner, type: s.type });
          state.below.set(d.owner.key, list);
        }
      }
    }
  }
  return state;
}

/**
 * Splits changes into ChangeSets that each fit in one message. All changes at one owner stay
 * together (so every intermediate zone passes the per-name rules), owners whose RRsets all go
 * come first (so a new DNAME never lands above names still waiting to be deleted), and the
 * SOA, if the file changes it, comes last (so the zone ends at the file's serial).
 */
function chunkChanges(
  changes: RRsetChange[],
  snapshot: Snapshot,
  limits: { maxBytes: number; maxRecords: number; zone: string },
): RRsetChange[][] {
  const byOwner = new Map<string, RRsetChange[]>();
  const soa: RRsetChange[] = [];
  for (const c of changes) {
    if (c.type === RRType.SOA) {
      soa.push(c);
      continue;
    }
    const list = byOwner.get(c.owner.key);
    if (list) list.push(c);
    else byOwner.set(c.owner.key, [c]);
  }
  const groups = [...byOwner.values()];
  const deletesOnly = new Set<RRsetChange[]>(groups.filter((g) => g.every((c) => c.op === 'delete')));
  const ordered = [...deletesOnly, ...groups.filter((g) => !deletesOnly.has(g))];
  const cost = (c: RRsetChange) => {
    const before = current(snapshot, c.owner, c.type)?.rdatas ?? [];
    const afterRdatas = c.op === 'replace' ? c.rdatas : [];
    const records = before.length + afterRdatas.length;
    const bytes = [...before, ...afterRdatas].reduce(
      (n, r) => n + r.length + c.owner.wireLength + RECORD_OVERHEAD,
      0,
    );
    return { records, bytes };
  };
  const chunks: RRsetChange[][] = [];
  let chunk: RRsetChange[] = [];
  let bytes = 0;
  let records = 0;
  for (const group of ordered) {
    const costs = group.map(cost);
    const groupBytes = costs.reduce((n, c) => n + c.bytes, 0);
    const groupRecords = costs.reduce((n, c) => n + c.records, 0);
    if (groupBytes > limits.maxBytes) throw new EventTooLargeError(limits.zone, groupBytes, limits.maxBytes);
    if (
      chunk.length &&
      (bytes + groupBytes > limits.maxBytes || records + groupRecords > limits.maxRecords)
    ) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
      records = 0;
    }
    chunk.push(...group);
    bytes += groupBytes;
    records += groupRecords;
  }
  chunk.push(...soa);
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/** Our snapshot after one of our chunks landed (the apex is re-read by the caller for the new SOA). */
function applyToSnapshot(snapshot: Snapshot, changes: RRsetChange[]): void {
  for (const c of changes) {
    const sets = (snapshot.get(c.owner.key) ?? []).filter((s) => s.type !== c.type);
    if (c.op === 'replace' && c.rdatas.length)
      sets.push({ owner: c.owner, type: c.type, ttl: c.ttl, rdatas: c.rdatas });
    if (sets.length) snapshot.set(c.owner.key, sets);
    else snapshot.delete(c.owner.key);
  }
}
