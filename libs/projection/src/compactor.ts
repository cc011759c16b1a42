import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Name } from '@shoal/dns-wire';
import { appendEventParts, ConcurrencyConflictError } from '@shoal/event-store';
import { type Record as EventRecord, encodeEventParts, STREAM_NAME, zoneSubject } from '@shoal/events';
import type { ZoneStore } from './store.js';
import type { ZoneMeta } from './zone-meta.js';

export interface CompactionOptions {
  /** Snapshot a zone once its subject holds at least this many events. */
  minEvents: number;
  /** Largest message the server accepts (its max_payload); bigger snapshots go out in parts. */
  maxPayloadBytes: number;
  /** Messages one snapshot may span; a bigger one is skipped (default 64). */
  maxSnapshotParts?: number;
  stream?: string;
}

export type CompactionResult =
  | { zone: string; outcome: 'compacted'; snapshotSequence: number; purged: number }
  | { zone: string; outcome: 'skipped'; reason: string };

/**
 * Compaction: writes a zone's whole state as a ZoneSnapshot event on its subject (carrying the
 * zone's IXFR journal along), then purges the subject's older events. Nodes that had the older
 * events apply the snapshot as a reset to the same state; new nodes start from it.
 *
 * Safe to run from several places: the snapshot is appended with the zone's expected last
 * subject sequence, so it lands only if it describes the zone's latest state, and the purge
 * removes only events below the snapshot.
 */
export class Compactor {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly store: ZoneStore,
    private readonly options: CompactionOptions,
  ) {}

  private get stream(): string {
    return this.options.stream ?? STREAM_NAME;
  }

  async eventsOnSubject(subject: string): Promise<number> {
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  async compactZone(meta: ZoneMeta, force = false): Promise<CompactionResult> {
    const origin = Name.parse(meta.name);
    const subject = zoneSubject(origin.labels);
    const count = await this.eventsOnSubject(subject);
    if (!force && count < this.options.minEvents)
      return { zone: meta.name, outcome: 'skipped', reason: `${count} events` };
    if (count <= 1) return { zone: meta.name, outcome: 'skipped', reason: 'nothing to purge' };
    const records: EventRecord[] = [];
    for await (const set of this.store.rrsets(meta)) {
      const owner = set.owner.toWire();
      for (const rdata of set.rdatas) records.push({ owner, type: set.type, class: 1, ttl: set.ttl, rdata });
    }
    const journal = [];
    for await (const entry of this.store.journal(meta)) journal.push(entry);
    const messages = encodeEventParts(
      {
        zone: meta.name,
        provenance: {
          actor: 'compactor',
          timeUnixMs: Date.now(),
          reason: `snapshot of ${count} events`,
          requestId: '',
          traceparent: '',
        },
        body: {
          $case: 'zoneSnapshot',
          zoneSnapshot: {
            settings: meta.settings,
            serial: meta.serial,
            records,
            journal,
            zoneId: meta.zoneId,
          },
        },
      },
      this.options.maxPayloadBytes - 4096,
    );
    const maxParts = this.options.maxSnapshotParts ?? 64;
    if (messages.length > maxParts) {
      return {
        zone: meta.name,
        outcome: 'skipped',
        reason: `snapshot of ${messages.length} messages exceeds ${maxParts}`,
      };
    }
    let sequence: number;
    let firstSequence: number;
    try {
      // A large snapshot goes out in parts (EventPart): still one event, applied whole.
      const ack = await appendEventParts(this.js, subject, messages, {
        expectedLastSubjectSequence: this.store.lastSequenceOf(meta.name),
        messageId: `snapshot:${meta.name}:${meta.lastSequence}`,
      });
      sequence = ack.sequence;
      firstSequence = ack.firstSequence;
    } catch (err) {
      if (err instanceof ConcurrencyConflictError)
        return { zone: meta.name, outcome: 'skipped', reason: 'zone changed meanwhile' };
      throw err;
    }
    // Keep the snapshot's first part and everything after it on the subject.
    const purge = await this.jsm.streams.purge(this.stream, { filter: subject, seq: firstSequence });
    return { zone: meta.name, outcome: 'compacted', snapshotSequence: sequence, purged: purge.purged };
  }

  async runOnce(force = false): Promise<CompactionResult[]> {
    const results: CompactionResult[] = [];
    for (const meta of this.store.listZones()) results.push(await this.compactZone(meta, force));
    return results;
  }
}
