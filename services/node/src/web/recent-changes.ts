import { Name, rdataToText, rrTypeToString } from '@shoal/dns-wire';
import type { Record as EventRecord } from '@shoal/events';
import type { ProjectionEffect } from '@shoal/projection';

/** One applied zone change as the dashboard shows it. */
export interface ChangeSummary {
  sequence: number;
  zone: string;
  kind: 'created' | 'updated' | 'deleted' | 'reset';
  fromSerial?: number;
  toSerial?: number;
  removed: string[];
  added: string[];
  actor?: string;
  reason?: string;
  requestId?: string;
  /** When the change was made (provenance), else when the event was stored. */
  timeMs: number;
  appliedAtMs: number;
}

/** Records shown per change; the rest is counted, not listed (a zone import can be huge). */
const MAX_RECORDS = 20;

function recordText(r: EventRecord): string {
  let owner: string;
  let data: string;
  try {
    owner = Name.fromWire(r.owner).toString();
  } catch {
    owner = '<bad owner>';
  }
  try {
    data = rdataToText(r.type, r.rdata);
  } catch {
    data = `\\# ${r.rdata.length}`;
  }
  return `${owner} ${r.ttl} ${rrTypeToString(r.type)} ${data}`;
}

function listed(records: readonly EventRecord[]): string[] {
  const out = records.slice(0, MAX_RECORDS).map(recordText);
  if (records.length > MAX_RECORDS) out.push(`… ${records.length - MAX_RECORDS} more`);
  return out;
}

/** Summaries of the zone-level effects of one applied batch. Pure. */
export function summarizeEffects(effects: readonly ProjectionEffect[], appliedAtMs: number): ChangeSummary[] {
  const out: ChangeSummary[] = [];
  for (const e of effects) {
    if (e.kind === 'rrset') continue;
    const base = {
      zone: e.zone.name,
      timeMs: e.zone.updatedMs || appliedAtMs,
      appliedAtMs,
      removed: [],
      added: [],
    };
    if (e.kind === 'zone-updated') {
      out.push({
        ...base,
        kind: 'updated',
        sequence: e.sequence,
        fromSerial: e.changeSet?.fromSerial,
        toSerial: e.changeSet?.toSerial ?? e.zone.serial,
        removed: listed(e.changeSet?.removed ?? []),
        added: listed(e.changeSet?.added ?? []),
        actor: e.provenance?.actor || undefined,
        reason: e.provenance?.reason || undefined,
        requestId: e.provenance?.requestId || undefined,
        timeMs: Number(e.provenance?.timeUnixMs) || base.timeMs,
      });
    } else {
      const kind = e.kind === 'zone-created' ? 'created' : e.kind === 'zone-deleted' ? 'deleted' : 'reset';
      out.push({ ...base, kind, sequence: e.zone.lastSequence, toSerial: e.zone.serial });
    }
  }
  return out;
}

/** The last `capacity` changes, newest first. */
export class RecentChanges {
  private readonly items: ChangeSummary[] = [];

  constructor(private readonly capacity = 50) {}

  add(changes: readonly ChangeSummary[]): void {
    for (const c of changes) this.items.unshift(c);
    if (this.items.length > this.capacity) this.items.length = this.capacity;
  }

  list(): ChangeSummary[] {
    return [...this.items];
  }
}
