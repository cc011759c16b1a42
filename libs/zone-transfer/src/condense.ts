import { Name } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord } from '@shoal/events';
import { findSoa, isApexSoa, recordIdentity } from './records.js';

interface Fate {
  /** The record as it was before the first change touching it; null when it did not exist. */
  initial: EventRecord | null;
  /** The record after the last change; null when it no longer exists. */
  final: EventRecord | null;
}

/**
 * Condenses consecutive ChangeSets into one difference (RFC 1995 §5 allows a server to send
 * the net change): a record added then removed disappears, one removed then re-added with the
 * same TTL too. A TTL change stays a removal plus an addition. The old SOA is that of the first
 * ChangeSet, the new SOA that of the last.
 */
export function condenseChanges(origin: Name, changes: readonly ChangeSet[]): ChangeSet {
  if (changes.length === 1) return changes[0];
  const fates = new Map<string, Fate>();
  for (const change of changes) {
    for (const r of change.removed) {
      if (isApexSoa(r, origin)) continue;
      const id = recordIdentity(Name.fromWire(r.owner), r.type, r.rdata);
      const fate = fates.get(id);
      if (fate) fate.final = null;
      else fates.set(id, { initial: r, final: null });
    }
    for (const r of change.added) {
      if (isApexSoa(r, origin)) continue;
      const id = recordIdentity(Name.fromWire(r.owner), r.type, r.rdata);
      const fate = fates.get(id);
      if (fate) fate.final = r;
      else fates.set(id, { initial: null, final: r });
    }
  }
  const first = changes[0];
  const last = changes[changes.length - 1];
  const removed: EventRecord[] = [];
  const added: EventRecord[] = [];
  const oldSoa = findSoa(first.removed, origin);
  const newSoa = findSoa(last.added, origin);
  if (oldSoa) removed.push(oldSoa);
  if (newSoa) added.push(newSoa);
  for (const { initial, final } of fates.values()) {
    const same = initial && final && initial.ttl === final.ttl;
    if (same) continue;
    if (initial) removed.push(initial);
    if (final) added.push(final);
  }
  return { fromSerial: first.fromSerial, toSerial: last.toSerial, removed, added };
}
