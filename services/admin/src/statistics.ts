import { RRType } from '@shoal/dns-wire';
import type { Event } from '@shoal/events';
import type { ZoneStore } from '@shoal/projection';
import type { FleetTracker } from './fleet.js';
import type { WriteOutcome } from './zone-writer.js';

export interface StatisticValue {
  name: string;
  value: number;
  description: string;
}

const COUNTERS: Record<string, string> = {
  'events-written': 'events appended to the stream by this admin',
  'change-sets': 'ChangeSets appended (one per accepted record change request or import chunk)',
  'records-added': 'records added by ChangeSets, SOA excluded',
  'records-removed': 'records removed by ChangeSets, SOA excluded',
  'zones-created': 'zones created',
  'zones-deleted': 'zones deleted',
  'settings-changes': 'ZoneSettingsChanged events appended',
  'duplicate-writes': 'writes recognised as retries of an earlier request id',
  'write-conflicts': 'appends refused because another writer got there first (then retried)',
  'validation-failures': 'requests refused by a validation rule',
  'grpc-requests': 'gRPC calls served',
  'http-requests': 'PowerDNS-API HTTP requests served',
  'notifies-requested': 'NOTIFY requests published to the fleet',
  'purges-requested': 'cache purge requests published to the fleet',
  imports: 'zone imports completed',
};

/** Counters of this admin process plus gauges of the projection and the fleet. */
export class AdminStatistics {
  readonly startedMs = Date.now();
  private readonly counters = new Map<string, number>(Object.keys(COUNTERS).map((k) => [k, 0]));

  count(name: keyof typeof COUNTERS | string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }

  onAppended(event: Omit<Event, 'schemaVersion'>, outcome: WriteOutcome): void {
    if (outcome.duplicate) {
      this.count('duplicate-writes');
      return;
    }
    this.count('events-written');
    const body = event.body;
    if (body?.$case === 'changeSet') {
      this.count('change-sets');
      this.count('records-added', body.changeSet.added.filter((r) => r.type !== RRType.SOA).length);
      this.count('records-removed', body.changeSet.removed.filter((r) => r.type !== RRType.SOA).length);
    } else if (body?.$case === 'zoneCreated') this.count('zones-created');
    else if (body?.$case === 'zoneDeleted') this.count('zones-deleted');
    else if (body?.$case === 'zoneSettingsChanged') this.count('settings-changes');
  }

  get uptimeSeconds(): number {
    return (Date.now() - this.startedMs) / 1000;
  }

  snapshot(store: ZoneStore, fleet: FleetTracker, streamLastSequence: number): StatisticValue[] {
    const zones = store.listZones();
    const live = fleet.live();
    const out: StatisticValue[] = [
      {
        name: 'uptime',
        value: Math.floor(this.uptimeSeconds),
        description: 'seconds since this admin started',
      },
      { name: 'zones', value: zones.length, description: 'zones in the projection' },
      { name: 'rrsets', value: sum(zones.map((z) => z.rrsetCount)), description: 'RRsets in all zones' },
      { name: 'records', value: sum(zones.map((z) => z.recordCount)), description: 'records in all zones' },
      {
        name: 'stream-last-sequence',
        value: streamLastSequence,
        description: 'last sequence of the event stream',
      },
      {
        name: 'applied-sequence',
        value: store.appliedSequence,
        description: "last event applied to this admin's projection",
      },
      { name: 'nodes', value: fleet.all().length, description: 'serving nodes ever heard from' },
      { name: 'nodes-live', value: live.length, description: 'nodes with a recent heartbeat' },
      {
        name: 'nodes-ready',
        value: live.filter((n) => n.heartbeat.ready).length,
        description: 'live nodes ready to serve',
      },
      {
        name: 'nodes-in-sync',
        value: live.filter((n) => n.heartbeat.appliedSequence >= streamLastSequence).length,
        description: 'live nodes that applied the whole stream',
      },
      {
        name: 'fleet-qps',
        value: sum(live.map((n) => n.heartbeat.queriesPerSecond)),
        description: 'queries per second over all live nodes',
      },
      {
        name: 'fleet-max-lag',
        value: Math.max(0, ...live.map((n) => streamLastSequence - n.heartbeat.appliedSequence)),
        description: 'events the slowest live node is behind',
      },
    ];
    for (const [name, description] of Object.entries(COUNTERS)) {
      out.push({ name, value: this.counters.get(name) ?? 0, description });
    }
    return out;
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
