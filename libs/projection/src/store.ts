import { createHash } from 'node:crypto';
import { canonicalRdata, Name, RRType, soaSerial } from '@shoal/dns-wire';
import {
  type ChangeSet,
  decodeEvent,
  type Event,
  type EventPart,
  type Record as EventRecord,
  JournalEntry,
  joinEventParts,
  type Provenance,
  ZoneSettings,
} from '@shoal/events';
import { Level } from 'level';
import type { AppliedBatch, ProjectionEffect } from './effects.js';
import { CheckpointFormatError, OutOfOrderEventError, StoreCorruptError } from './errors.js';
import {
  APPLIED_KEY,
  journalKey,
  journalKeySequence,
  keyId,
  ownerKey,
  ownerRecordRange,
  recordKey,
  recordKeyType,
  STAGED_RANGE,
  stagedChunkKey,
  stagedKey,
  TOMBSTONE_RANGE,
  tombstoneKey,
  ZONE_META_RANGE,
  zoneJournalRange,
  zoneMetaKey,
  zoneRecordRange,
} from './keys.js';
import { decodeRRsetValue, encodeRRsetValue, type StoredRRset } from './rrset-value.js';
import { decodeZoneMeta, encodeZoneMeta, type ZoneMeta } from './zone-meta.js';

export interface ZoneStoreOptions {
  /** ChangeSets kept per zone for IXFR; older history is served by AXFR. */
  journalLimit?: number;
}

/** One event as read from the stream. */
export interface EventInput {
  sequence: number;
  data: Uint8Array;
  timestampMs?: number;
}

type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/** Writes of one batch not yet committed, so later events of the batch read them. */
class PendingBatch {
  records = new Map<string, { key: Uint8Array; value: Uint8Array | null }>();
  metas = new Map<string, ZoneMeta | null>();
  /** Zone name -> ZoneDeleted sequence, or 0 to remove the tombstone. */
  tombstones = new Map<string, number>();
  journal: Op[] = [];
  /** Journal sequences written in this batch, per zone id, oldest first. */
  journalByZone = new Map<number, number[]>();
  effects: ProjectionEffect[] = [];
  /** Zone name -> parts of a large event received so far, or null once used or dropped. */
  staged = new Map<string, StagedEvent | null>();
  lastSequence = 0;
  get empty(): boolean {
    return this.lastSequence === 0;
  }
}

/**
 * The parts of one large event received so far on a zone's subject (events.proto EventPart).
 * Staged in the store with the applied position, so a crash between parts loses nothing.
 */
interface StagedEvent {
  transaction: string;
  count: number;
  /** Parts 0..next-1 are staged. */
  next: number;
  /** Sequence of the last part seen: the subject's last sequence, for the next writer. */
  lastSequence: number;
}

const DEFAULT_JOURNAL_LIMIT = 1000;
/** RRsets per batch of `rrsetBatches`, and the LevelDB octets after which a batch stops early. */
const RRSET_BATCH_SIZE = 1024;
const RRSET_BATCH_BYTES = 256 * 1024;
/** Present only while a checkpoint import is under way ('I' sorts apart from every other prefix). */
const IMPORT_MARKER_KEY = Uint8Array.of(0x49);

/**
 * The node's durable projection of the event stream. Each batch of events is applied in ONE
 * LevelDB write together with the new applied position, so after a crash the store is exactly
 * the projection of events 1..applied, and redelivered events at or below it are skipped:
 * exactly-once in effect.
 */
export class ZoneStore {
  private readonly zones = new Map<string, ZoneMeta>();
  /** Deleted zones' last sequence: a re-create must expect it as the subject's last sequence. */
  private readonly tombstones = new Map<string, number>();
  private readonly staged = new Map<string, StagedEvent>();
  private applied = 0;
  private readonly journalLimit: number;

  private constructor(
    private readonly db: Level<Uint8Array, Uint8Array>,
    options: ZoneStoreOptions,
  ) {
    this.journalLimit = options.journalLimit ?? DEFAULT_JOURNAL_LIMIT;
  }

  static async open(directory: string, options: ZoneStoreOptions = {}): Promise<ZoneStore> {
    const db = new Level<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const store = new ZoneStore(db, options);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    if (await this.db.get(IMPORT_MARKER_KEY)) {
      // A checkpoint import was cut short: what is here is a partial copy. Start empty.
      await this.db.clear();
    }
    this.zones.clear();
    this.tombstones.clear();
    const applied = await this.db.get(APPLIED_KEY);
    this.applied = applied ? Number(new TextDecoder().decode(applied)) : 0;
    if (!Number.isSafeInteger(this.applied)) throw new StoreCorruptError('applied position unreadable');
    for await (const [, value] of this.db.iterator(ZONE_META_RANGE)) {
      const meta = decodeZoneMeta(value);
      this.zones.set(meta.name, meta);
    }
    for await (const [key, value] of this.db.iterator(TOMBSTONE_RANGE)) {
      this.tombstones.set(new TextDecoder().decode(key.subarray(1)), Number(new TextDecoder().decode(value)));
    }
    this.staged.clear();
    for await (const [key, value] of this.db.iterator(STAGED_RANGE)) {
      this.staged.set(new TextDecoder().decode(key.subarray(1)), JSON.parse(new TextDecoder().decode(value)));
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  get appliedSequence(): number {
    return this.applied;
  }

  zone(name: string): ZoneMeta | undefined {
    return this.zones.get(name.toLowerCase());
  }

  /** The last stream sequence on the zone's subject as far as this store knows (0: none). */
  lastSequenceOf(name: string): number {
    const key = name.toLowerCase();
    const applied = this.zones.get(key)?.lastSequence ?? this.tombstones.get(key) ?? 0;
    // Parts of a large event (complete or abandoned) are on the subject too.
    return Math.max(applied, this.staged.get(key)?.lastSequence ?? 0);
  }

  listZones(): ZoneMeta[] {
    return [...this.zones.values()];
  }

  /** Synchronous point read (LevelDB getSync, ~2 µs): usable on request paths. */
  getRRset(zone: ZoneMeta, owner: Name, type: number): StoredRRset | undefined {
    const value = this.db.getSync(recordKey(zone.zoneId, ownerKey(owner), type));
    return value ? decodeRRsetValue(value, type) : undefined;
  }

  /** Every RRset at one owner name. */
  async rrsetsAt(zone: ZoneMeta, owner: Name): Promise<StoredRRset[]> {
    const out: StoredRRset[] = [];
    for await (const [key, value] of this.db.iterator(ownerRecordRange(zone.zoneId, ownerKey(owner)))) {
      out.push(decodeRRsetValue(value, recordKeyType(key)));
    }
    return out;
  }

  /** Every RRset of the zone in DNSSEC canonical order, streamed (read in batches, see below). */
  async *rrsets(zone: ZoneMeta): AsyncGenerator<StoredRRset> {
    for await (const batch of this.rrsetBatches(zone)) yield* batch;
  }

  /**
   * Every RRset of the zone in DNSSEC canonical order, in arrays of up to `size` RRsets and about
   * `bytes` octets of LevelDB data (at least one RRset). One `nextv` call per array: iterating
   * with `next()` costs a promise per entry, and classic-level's own read-ahead stops at 16 KiB
   * (a few hundred small RRsets per trip to its thread pool). Memory stays at one array, so a
   * whole zone is never held. One LevelDB iterator, whose snapshot is taken on the first read:
   * the arrays are one version of the zone even while changes are applied.
   */
  async *rrsetBatches(
    zone: ZoneMeta,
    { size = RRSET_BATCH_SIZE, bytes = RRSET_BATCH_BYTES }: { size?: number; bytes?: number } = {},
  ): AsyncGenerator<StoredRRset[]> {
    const iterator = this.db.iterator({ ...zoneRecordRange(zone.zoneId), highWaterMarkBytes: bytes });
    try {
      for (;;) {
        const entries = await iterator.nextv(size);
        if (entries.length === 0) return;
        const batch: StoredRRset[] = new Array(entries.length);
        for (let i = 0; i < entries.length; i++) {
          const [key, value] = entries[i];
          batch[i] = decodeRRsetValue(value, recordKeyType(key));
        }
        yield batch;
      }
    } finally {
      await iterator.close();
    }
  }

  /** The zone's journal, oldest first. */
  async *journal(zone: ZoneMeta): AsyncGenerator<JournalEntry> {
    for await (const value of this.db.values(zoneJournalRange(zone.zoneId))) {
      yield JournalEntry.decode(value);
    }
  }

  /** Every key and value, from one consistent LevelDB snapshot (for checkpoints). */
  async *entries(): AsyncGenerator<[Uint8Array, Uint8Array]> {
    for await (const entry of this.db.iterator()) yield entry;
  }

  /**
   * Loads a checkpoint into this (empty) store. The applied position is written last and an
   * import marker first, so a crash midway leaves a store that the next open() wipes rather
   * than a partial copy that claims a position.
   */
  async importCheckpoint(applied: number, entries: AsyncIterable<[Uint8Array, Uint8Array]>): Promise<void> {
    if (this.applied !== 0 || this.zones.size !== 0)
      throw new CheckpointFormatError('checkpoints load only into an empty store');
    await this.db.put(IMPORT_MARKER_KEY, Uint8Array.of(1));
    let ops: Op[] = [];
    let appliedValue: Uint8Array | undefined;
    for await (const [key, value] of entries) {
      if (key.length === APPLIED_KEY.length && key[0] === APPLIED_KEY[0]) {
        appliedValue = value;
        continue;
      }
      ops.push({ type: 'put', key, value });
      if (ops.length >= 5000) {
        await this.db.batch(ops);
        ops = [];
      }
    }
    const recorded = appliedValue ? Number(new TextDecoder().decode(appliedValue)) : -1;
    if (recorded !== applied)
      throw new CheckpointFormatError(`checkpoint header says ${applied}, its data ${recorded}`);
    ops.push(
      { type: 'put', key: APPLIED_KEY, value: appliedValue! },
      { type: 'del', key: IMPORT_MARKER_KEY },
    );
    await this.db.batch(ops);
    await this.load();
  }

  /** SHA-256 over every key and value: two stores with the same digest hold the same projection. */
  async digest(): Promise<string> {
    const hash = createHash('sha256');
    for await (const [key, value] of this.db.iterator()) {
      hash.update(Buffer.from([key.length >> 8, key.length & 0xff]));
      hash.update(key);
      hash.update(
        Buffer.from([value.length >> 24, value.length >> 16, value.length >> 8, value.length & 0xff]),
      );
      hash.update(value);
    }
    return hash.digest('hex');
  }

  /**
   * Applies events in stream order. Events at or below the applied position are skipped
   * (redelivery after a reconnect or restart). A gap (an event beyond applied + 1 that is not
   * the next the stream holds) cannot be detected here, because compaction legitimately removes
   * sequences; the ordered consumer guarantees order.
   */
  async apply(events: readonly EventInput[]): Promise<AppliedBatch> {
    let batch = new PendingBatch();
    const allEffects: ProjectionEffect[] = [];
    for (const input of events) {
      const floor = batch.empty ? this.applied : batch.lastSequence;
      if (input.sequence <= floor) {
        if (input.sequence < floor && batch.empty) continue;
        if (input.sequence <= floor) continue;
      }
      let event = decodeEvent(input.data, input.sequence);
      const name = event.zone.toLowerCase();
      if (event.body?.$case === 'eventPart') {
        const part = event.body.eventPart;
        if (part.index === part.count - 1 && !batch.empty) {
          // The event completes here: earlier parts must be durable before they are read back.
          allEffects.push(...(await this.commit(batch)));
          batch = new PendingBatch();
        }
        const whole = this.stagePart(batch, name, part, input.sequence);
        if (whole === undefined) {
          batch.lastSequence = input.sequence;
          continue;
        }
        event = decodeEvent(whole, input.sequence);
        if (event.body?.$case === 'eventPart' || event.zone.toLowerCase() !== name) {
          throw new StoreCorruptError(
            `event parts ending at ${input.sequence} do not make one event of ${name}`,
          );
        }
      } else if (this.currentStaged(batch, name)) {
        // Another event on the subject: parts left before it were abandoned by their writer.
        this.dropStaged(batch, name);
      }
      const body = event.body!;
      if (body.$case === 'zoneDeleted' || body.$case === 'zoneSnapshot' || body.$case === 'zoneCreated') {
        // These rewrite whole key ranges: commit what is pending so range reads see it.
        if (!batch.empty) {
          allEffects.push(...(await this.commit(batch)));
          batch = new PendingBatch();
        }
      }
      await this.applyOne(batch, input, event);
      batch.lastSequence = input.sequence;
    }
    if (!batch.empty) allEffects.push(...(await this.commit(batch)));
    if (events.length > 0 && allEffects.length === 0 && batch.empty) {
      // Nothing new; keep the position.
    }
    return { appliedSequence: this.applied, effects: allEffects };
  }

  private currentStaged(batch: PendingBatch, name: string): StagedEvent | undefined {
    if (batch.staged.has(name)) return batch.staged.get(name) ?? undefined;
    return this.staged.get(name);
  }

  /** Removes a zone's staged parts (in the batch). */
  private dropStaged(batch: PendingBatch, name: string): void {
    const staged = this.currentStaged(batch, name);
    if (!staged) return;
    for (let i = 0; i < staged.next; i++) {
      const key = stagedChunkKey(name, i);
      batch.records.set(keyId(key), { key, value: null });
    }
    batch.staged.set(name, null);
  }

  /**
   * Stages one part of a large event; returns the whole encoded event when this part completes
   * it. A part out of place (another transaction, a gap) means its writer gave up or lost a
   * race: what was staged is dropped and the subject's position is still recorded.
   */
  private stagePart(
    batch: PendingBatch,
    name: string,
    part: EventPart,
    sequence: number,
  ): Uint8Array | undefined {
    const staged = this.currentStaged(batch, name);
    const continues =
      part.index > 0 &&
      staged?.transaction === part.transaction &&
      staged.count === part.count &&
      staged.next === part.index;
    if (!continues) {
      this.dropStaged(batch, name);
      if (part.index !== 0 || part.count < 1) {
        // Out of place, so unusable: keep only the subject's position until its next event.
        batch.staged.set(name, { transaction: '', count: 0, next: 0, lastSequence: sequence });
        return undefined;
      }
    }
    const next: StagedEvent = {
      transaction: part.transaction,
      count: part.count,
      next: part.index + 1,
      lastSequence: sequence,
    };
    batch.staged.set(name, next);
    if (next.next < next.count) {
      const key = stagedChunkKey(name, part.index);
      batch.records.set(keyId(key), { key, value: part.chunk });
      return undefined;
    }
    // The last part: the earlier ones are durable (apply committed before this one).
    const parts: EventPart[] = [];
    for (let i = 0; i < part.index; i++) {
      const chunk = this.db.getSync(stagedChunkKey(name, i));
      if (!chunk) throw new StoreCorruptError(`staged part ${i} of an event of ${name} is missing`);
      parts.push({ transaction: part.transaction, index: i, count: part.count, chunk });
    }
    parts.push(part);
    this.dropStaged(batch, name);
    return joinEventParts(parts);
  }

  private async commit(batch: PendingBatch): Promise<ProjectionEffect[]> {
    if (batch.lastSequence <= this.applied) throw new OutOfOrderEventError(this.applied, batch.lastSequence);
    const ops: Op[] = [];
    for (const { key, value } of batch.records.values()) {
      ops.push(value ? { type: 'put', key, value } : { type: 'del', key });
    }
    for (const [name, meta] of batch.metas) {
      const key = zoneMetaKey(name);
      ops.push(meta ? { type: 'put', key, value: encodeZoneMeta(meta) } : { type: 'del', key });
    }
    for (const [name, sequence] of batch.tombstones) {
      const key = tombstoneKey(name);
      ops.push(
        sequence
          ? { type: 'put', key, value: new TextEncoder().encode(String(sequence)) }
          : { type: 'del', key },
      );
    }
    for (const [name, staged] of batch.staged) {
      const key = stagedKey(name);
      ops.push(
        staged
          ? { type: 'put', key, value: new TextEncoder().encode(JSON.stringify(staged)) }
          : { type: 'del', key },
      );
    }
    ops.push(...batch.journal);
    ops.push({ type: 'put', key: APPLIED_KEY, value: new TextEncoder().encode(String(batch.lastSequence)) });
    await this.db.batch(ops);
    this.applied = batch.lastSequence;
    for (const [name, meta] of batch.metas) {
      if (meta) this.zones.set(name, meta);
      else this.zones.delete(name);
    }
    for (const [name, sequence] of batch.tombstones) {
      if (sequence) this.tombstones.set(name, sequence);
      else this.tombstones.delete(name);
    }
    for (const [name, staged] of batch.staged) {
      if (staged) this.staged.set(name, staged);
      else this.staged.delete(name);
    }
    return batch.effects;
  }

  private currentMeta(batch: PendingBatch, name: string): ZoneMeta | undefined {
    if (batch.metas.has(name)) return batch.metas.get(name) ?? undefined;
    return this.zones.get(name);
  }

  private readRRset(batch: PendingBatch, zone: ZoneMeta, owner: Name, type: number): StoredRRset | undefined {
    const key = recordKey(zone.zoneId, ownerKey(owner), type);
    const pending = batch.records.get(keyId(key));
    if (pending) return pending.value ? decodeRRsetValue(pending.value, type) : undefined;
    const value = this.db.getSync(key);
    return value ? decodeRRsetValue(value, type) : undefined;
  }

  private writeRRset(
    batch: PendingBatch,
    zone: ZoneMeta,
    owner: Name,
    type: number,
    ttl: number,
    rdatas: Uint8Array[],
  ) {
    const key = recordKey(zone.zoneId, ownerKey(owner), type);
    batch.records.set(keyId(key), {
      key,
      value: rdatas.length ? encodeRRsetValue(owner, ttl, rdatas) : null,
    });
    batch.effects.push({ kind: 'rrset', zone, owner, type, ttl, rdatas });
  }

  private async applyOne(batch: PendingBatch, input: EventInput, event: Event): Promise<void> {
    const name = event.zone.toLowerCase();
    const body = event.body!;
    const when = input.timestampMs ?? event.provenance?.timeUnixMs ?? 0;
    const existing = this.currentMeta(batch, name);
    switch (body.$case) {
      case 'zoneCreated': {
        if (existing) await this.deleteZoneContents(batch, existing);
        const meta: ZoneMeta = {
          name,
          zoneId: input.sequence,
          serial: 0,
          lastSequence: input.sequence,
          settings: body.zoneCreated.settings ?? ZoneSettings.fromPartial({}),
          journalCount: 0,
          rrsetCount: 0,
          recordCount: 0,
          updatedMs: when,
        };
        batch.metas.set(name, meta);
        if (this.tombstones.has(name)) batch.tombstones.set(name, 0);
        batch.effects.push({ kind: 'zone-created', zone: meta });
        this.loadRecords(batch, meta, body.zoneCreated.records);
        return;
      }
      case 'zoneSnapshot': {
        const snapshot = body.zoneSnapshot;
        const zoneId = snapshot.zoneId || existing?.zoneId || input.sequence;
        if (existing) await this.deleteZoneContents(batch, existing);
        const meta: ZoneMeta = {
          name,
          zoneId,
          serial: snapshot.serial,
          lastSequence: input.sequence,
          settings: snapshot.settings ?? ZoneSettings.fromPartial({}),
          journalCount: 0,
          rrsetCount: 0,
          recordCount: 0,
          updatedMs: when,
        };
        batch.metas.set(name, meta);
        if (this.tombstones.has(name)) batch.tombstones.set(name, 0);
        batch.effects.push({ kind: existing ? 'zone-reset' : 'zone-created', zone: meta });
        this.loadRecords(batch, meta, snapshot.records);
        for (const entry of snapshot.journal) {
          batch.journal.push({
            type: 'put',
            key: journalKey(zoneId, entry.sequence),
            value: JournalEntry.encode(entry).finish(),
          });
          meta.journalCount++;
        }
        return;
      }
      case 'zoneDeleted': {
        if (!existing) return;
        await this.deleteZoneContents(batch, existing);
        batch.metas.set(name, null);
        batch.tombstones.set(name, input.sequence);
        batch.effects.push({ kind: 'zone-deleted', zone: existing });
        return;
      }
      case 'zoneSettingsChanged': {
        if (!existing) return;
        const meta = {
          ...existing,
          settings: body.zoneSettingsChanged.settings ?? existing.settings,
          lastSequence: input.sequence,
          updatedMs: when,
        };
        batch.metas.set(name, meta);
        batch.effects.push({ kind: 'zone-updated', zone: meta, sequence: input.sequence });
        return;
      }
      case 'changeSet': {
        // A ChangeSet for a zone we do not hold cannot be applied meaningfully; the admin never
        // writes one (expected-last-subject-sequence), so this only happens after a purge race.
        if (!existing) return;
        const meta = { ...existing, lastSequence: input.sequence, updatedMs: when };
        batch.metas.set(name, meta);
        this.applyChangeSet(batch, meta, body.changeSet);
        await this.appendJournal(batch, meta, input.sequence, body.changeSet, event.provenance);
        batch.effects.push({
          kind: 'zone-updated',
          zone: meta,
          changeSet: body.changeSet,
          provenance: event.provenance,
          sequence: input.sequence,
        });
        return;
      }
    }
  }

  private loadRecords(batch: PendingBatch, meta: ZoneMeta, records: readonly EventRecord[]): void {
    const sets = groupRecords(records);
    for (const set of sets.values()) {
      const rdatas = dedupe(set.type, set.rdatas);
      this.writeRRset(batch, meta, set.owner, set.type, set.ttl, rdatas);
      meta.rrsetCount++;
      meta.recordCount += rdatas.length;
      if (set.type === RRType.SOA && set.owner.labelCount === Name.parse(meta.name).labelCount) {
        meta.serial = soaSerial(rdatas[0]);
      }
    }
  }

  private applyChangeSet(batch: PendingBatch, meta: ZoneMeta, changeSet: ChangeSet): void {
    const removed = groupRecords(changeSet.removed);
    const added = groupRecords(changeSet.added);
    const touched = new Set([...removed.keys(), ...added.keys()]);
    for (const id of touched) {
      const rem = removed.get(id);
      const add = added.get(id);
      const ref = (add ?? rem)!;
      const current = this.readRRset(batch, meta, ref.owner, ref.type);
      const before = current?.rdatas.length ?? 0;
      let rdatas = current?.rdatas ?? [];
      if (rem) {
        const gone = new Set(rem.rdatas.map((r) => canonicalKey(ref.type, r)));
        rdatas = rdatas.filter((r) => !gone.has(canonicalKey(ref.type, r)));
      }
      if (add) rdatas = dedupe(ref.type, [...rdatas, ...add.rdatas]);
      // The owner keeps its stored case unless the RRset is new (case of the first writer).
      const owner = current && rdatas.length ? current.owner : ref.owner;
      const ttl = add ? add.ttl : (current?.ttl ?? ref.ttl);
      this.writeRRset(batch, meta, owner, ref.type, ttl, rdatas);
      meta.recordCount += rdatas.length - before;
      if (before === 0 && rdatas.length > 0) meta.rrsetCount++;
      if (before > 0 && rdatas.length === 0) meta.rrsetCount--;
    }
    meta.serial = changeSet.toSerial;
  }

  private async appendJournal(
    batch: PendingBatch,
    meta: ZoneMeta,
    sequence: number,
    changeSet: ChangeSet,
    provenance: Provenance | undefined,
  ): Promise<void> {
    const entry = JournalEntry.encode({ sequence, changeSet, provenance }).finish();
    batch.journal.push({ type: 'put', key: journalKey(meta.zoneId, sequence), value: entry });
    const pendingSeqs = batch.journalByZone.get(meta.zoneId) ?? [];
    pendingSeqs.push(sequence);
    batch.journalByZone.set(meta.zoneId, pendingSeqs);
    meta.journalCount++;
    let excess = meta.journalCount - this.journalLimit;
    if (excess <= 0) return;
    const committed = meta.journalCount - pendingSeqs.length;
    const fromDb = Math.min(excess, committed);
    if (fromDb > 0) {
      for await (const key of this.db.keys({ ...zoneJournalRange(meta.zoneId), limit: fromDb })) {
        batch.journal.push({ type: 'del', key: journalKey(meta.zoneId, journalKeySequence(key)) });
      }
      excess -= fromDb;
      meta.journalCount -= fromDb;
    }
    while (excess > 0 && pendingSeqs.length > 0) {
      const seq = pendingSeqs.shift()!;
      batch.journal.push({ type: 'del', key: journalKey(meta.zoneId, seq) });
      excess--;
      meta.journalCount--;
    }
  }

  private async deleteZoneContents(batch: PendingBatch, meta: ZoneMeta): Promise<void> {
    for await (const key of this.db.keys(zoneRecordRange(meta.zoneId))) {
      batch.records.set(keyId(key), { key, value: null });
    }
    for await (const key of this.db.keys(zoneJournalRange(meta.zoneId))) {
      batch.journal.push({ type: 'del', key });
    }
  }
}

interface GroupedRRset {
  owner: Name;
  type: number;
  ttl: number;
  rdatas: Uint8Array[];
}

function groupRecords(records: readonly EventRecord[]): Map<string, GroupedRRset> {
  const sets = new Map<string, GroupedRRset>();
  for (const r of records) {
    const owner = Name.fromWire(r.owner);
    const id = `${owner.key}/${r.type}`;
    const set = sets.get(id);
    if (set) {
      set.rdatas.push(r.rdata);
      set.ttl = r.ttl;
    } else sets.set(id, { owner, type: r.type, ttl: r.ttl, rdatas: [r.rdata] });
  }
  return sets;
}

function canonicalKey(type: number, rdata: Uint8Array): string {
  return Buffer.from(canonicalRdata(type, rdata)).toString('latin1');
}

function dedupe(type: number, rdatas: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const r of rdatas) {
    const k = canonicalKey(type, r);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return out;
}
