import type { ZoneChange } from '@shoal/admin-api';
import { Name, RRType, recordToText } from '@shoal/dns-wire';
import type { Record as EventRecord, JournalEntry } from '@shoal/events';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import { SerialNotInHistoryError } from './errors.js';
import { rdataKey } from './rrset-input.js';

export function recordText(r: EventRecord): string {
  return recordToText({
    name: Name.fromWire(r.owner),
    type: r.type,
    class: r.class,
    ttl: r.ttl,
    rdata: r.rdata,
  });
}

async function journalOf(store: ZoneStore, meta: ZoneMeta): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  for await (const e of store.journal(meta)) entries.push(e);
  return entries;
}

/**
 * The zone's ChangeSets, newest first, with who made them, when and why (the projection's
 * journal: the most recent changes of each zone, 1000 by default).
 */
export async function listChanges(
  store: ZoneStore,
  meta: ZoneMeta,
  options: { pageSize: number; pageToken: string; includeRecords: boolean },
): Promise<{ changes: ZoneChange[]; nextPageToken: string }> {
  const before = options.pageToken ? Number(options.pageToken) : Number.POSITIVE_INFINITY;
  const size = options.pageSize > 0 ? Math.min(options.pageSize, 1000) : 100;
  const older = (await journalOf(store, meta)).filter((e) => e.sequence < before).reverse();
  const page = older.slice(0, size);
  const changes = page.map((e): ZoneChange => {
    const cs = e.changeSet!;
    const p = e.provenance;
    return {
      sequence: e.sequence,
      fromSerial: cs.fromSerial,
      toSerial: cs.toSerial,
      actor: p?.actor ?? '',
      timeUnixMs: p?.timeUnixMs ?? 0,
      reason: p?.reason ?? '',
      requestId: p?.requestId ?? '',
      traceparent: p?.traceparent ?? '',
      removedCount: cs.removed.length,
      addedCount: cs.added.length,
      removed: options.includeRecords ? cs.removed.map(recordText) : [],
      added: options.includeRecords ? cs.added.map(recordText) : [],
    };
  });
  const nextPageToken = older.length > size ? String(page[page.length - 1].sequence) : '';
  return { changes, nextPageToken };
}

export interface ZoneDiff {
  fromSerial: number;
  toSerial: number;
  removed: EventRecord[];
  added: EventRecord[];
  changeCount: number;
}

/**
 * The net difference between two versions of the zone: the journal's ChangeSets from one
 * serial to the other composed, so a record added and removed again in between cancels out.
 * Going backwards (from > to) gives the inverse.
 */
export async function diffSerials(
  store: ZoneStore,
  meta: ZoneMeta,
  fromSerial: number,
  toSerial: number,
): Promise<ZoneDiff> {
  const to = toSerial || meta.serial;
  if (fromSerial === to) return { fromSerial, toSerial: to, removed: [], added: [], changeCount: 0 };
  const journal = await journalOf(store, meta);
  const forward = chain(journal, fromSerial, to);
  if (forward) return { fromSerial, toSerial: to, ...compose(forward) };
  const backward = chain(journal, to, fromSerial);
  if (backward) {
    const d = compose(backward);
    return { fromSerial, toSerial: to, removed: d.added, added: d.removed, changeCount: d.changeCount };
  }
  const known = new Set(journal.flatMap((e) => [e.changeSet!.fromSerial, e.changeSet!.toSerial]));
  known.add(meta.serial);
  throw new SerialNotInHistoryError(meta.name, known.has(fromSerial) ? to : fromSerial);
}

function chain(journal: JournalEntry[], from: number, to: number): JournalEntry[] | undefined {
  const byFrom = new Map<number, JournalEntry>();
  for (const e of journal) byFrom.set(e.changeSet!.fromSerial, e);
  const out: JournalEntry[] = [];
  for (let s = from; s !== to; ) {
    const e = byFrom.get(s);
    if (!e || out.length > journal.length) return undefined;
    out.push(e);
    s = e.changeSet!.toSerial;
  }
  return out;
}

function compose(entries: JournalEntry[]): Omit<ZoneDiff, 'fromSerial' | 'toSerial'> {
  const net = new Map<string, { count: number; record: EventRecord }>();
  const bump = (r: EventRecord, by: number) => {
    const key = `${Name.fromWire(r.owner).key}|${r.type}|${r.ttl}|${rdataKey(r.type, r.rdata)}`;
    const entry = net.get(key) ?? { count: 0, record: r };
    entry.count += by;
    net.set(key, entry);
  };
  for (const e of entries) {
    for (const r of e.changeSet!.removed) bump(r, -1);
    for (const r of e.changeSet!.added) bump(r, 1);
  }
  const order = (a: EventRecord, b: EventRecord) =>
    (b.type === RRType.SOA ? 1 : 0) - (a.type === RRType.SOA ? 1 : 0) ||
    Name.compareCanonical(Name.fromWire(a.owner), Name.fromWire(b.owner)) ||
    a.type - b.type;
  const values = [...net.values()];
  return {
    removed: values
      .filter((v) => v.count < 0)
      .map((v) => v.record)
      .sort(order),
    added: values
      .filter((v) => v.count > 0)
      .map((v) => v.record)
      .sort(order),
    changeCount: entries.length,
  };
}
