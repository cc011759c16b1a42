import { Name } from '@shoal/dns-wire';
import {
  decideKeys,
  dsMatches,
  type KeyTimeline,
  planRollover,
  type RolloverPolicy,
  type ZoneKeySet,
} from '@shoal/dnssec';
import { NotReadyError } from './errors.js';
import type { KeyRecord, KeyStore } from './key-store.js';

export interface KeyChange {
  record: KeyRecord;
  change: string;
}

/**
 * Runs the rollover automation for one zone until it settles: creates the first keys of a zone
 * being signed, starts rollovers whose time has come, and finishes KSK rollovers once the
 * parent's DS for the successor is seen (`parentDs`: the DS RDATAs of the parent zone when it
 * is served here; otherwise an operator reports it with `ds-seen`). Returns the keys and what
 * changed.
 */
export async function runAutomation(
  store: KeyStore,
  zone: string,
  policy: RolloverPolicy,
  now: number,
  parentDs: readonly Uint8Array[] = [],
): Promise<{ records: KeyRecord[]; changes: KeyChange[] }> {
  let records = await store.list(zone);
  const changes: KeyChange[] = [];
  const owner = Name.parse(zone);
  for (const record of records) {
    const t = record.timeline;
    if (t.role === 'zsk' || t.dsSeen !== undefined || t.publish === undefined) continue;
    if (parentDs.some((ds) => dsMatches(owner, ds, record.dnskey))) {
      const updated = await store.update(record, { dsSeen: now });
      records = records.map((r) => (r === record ? updated : r));
      changes.push({ record: updated, change: 'ds-seen' });
    }
  }
  for (let round = 0; round < 8; round++) {
    const actions = planRollover(
      records.map((r) => r.timeline),
      policy,
      now,
    );
    if (actions.length === 0) break;
    for (const action of actions) {
      if (action.kind === 'generate') {
        const created = await store.create(zone, action.role, action.algorithm, now, {
          publish: action.publish,
          activate: action.activate,
          predecessor: action.predecessor,
        });
        records.push(created);
        changes.push({ record: created, change: action.predecessor ? 'rollover-started' : 'generated' });
        if (action.predecessor) {
          const predecessor = records.find((r) => r.timeline.id === action.predecessor)!;
          const updated = await store.update(predecessor, { successor: created.timeline.id });
          records = records.map((r) => (r === predecessor ? updated : r));
        }
      } else {
        const record = records.find((r) => r.timeline.id === action.id)!;
        const updated = await store.update(record, action.set);
        records = records.map((r) => (r === record ? updated : r));
        changes.push({ record: updated, change: 'scheduled' });
      }
    }
  }
  return { records, changes };
}

/** What signs at `now`: the keys the timeline says, opened for signing. */
export function keySetAt(
  store: KeyStore,
  records: readonly KeyRecord[],
  policy: RolloverPolicy,
  now: number,
): ZoneKeySet {
  const byId = new Map(records.map((r) => [r.timeline.id, r]));
  const decision = decideKeys(
    records.map((r) => r.timeline),
    policy,
    now,
  );
  const record = (t: KeyTimeline) => byId.get(t.id)!;
  if (decision.zoneSigners.length === 0 || decision.keySigners.length === 0) {
    throw new NotReadyError('no key is signing the zone at this moment');
  }
  return {
    dnskeys: decision.published.map((t) => record(t).dnskey),
    zoneSigners: decision.zoneSigners.map((t) => store.signingKey(record(t))),
    keySigners: decision.keySigners.map((t) => store.signingKey(record(t))),
    parentKeys: decision.parentKeys.map((t) => record(t).dnskey),
  };
}
