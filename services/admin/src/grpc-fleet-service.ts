import type { FleetServiceServer } from '@shoal/admin-api';
import { Name } from '@shoal/dns-wire';
import { ValidationError } from './errors.js';
import type { FleetTracker } from './fleet.js';
import type { FleetControl } from './fleet-control.js';
import type { GrpcEdge } from './grpc-call.js';
import type { AdminStatistics } from './statistics.js';
import type { ZoneAdmin } from './zone-admin.js';
import { parseZoneName } from './zone-creation.js';

export interface FleetServiceDeps {
  admin: ZoneAdmin;
  fleet: FleetTracker;
  control: FleetControl;
  stats: AdminStatistics;
  streamLastSequence: () => number;
}

/** dns.admin.v1.FleetService: the nodes' view, sync waits, and fleet-wide commands. */
export function fleetService(edge: GrpcEdge, deps: FleetServiceDeps): FleetServiceServer {
  const { admin, fleet, control, stats } = deps;
  return {
    waitForSync: edge.unary(
      'WaitForSync',
      () => ({ kind: 'read' }),
      async (req, ctx) => {
        // Never wait past the client's deadline: it would not hear the answer. The margin leaves
        // time for the reply to travel and for a busy event loop (a fifth, at least 150 ms).
        const margin = Math.max(150, ctx.remainingMs * 0.2);
        const timeoutMs = Math.max(0, Math.min(req.timeoutMs || 5000, 300_000, ctx.remainingMs - margin));
        const r = await fleet.waitForSync({
          sequence: req.sequence,
          timeoutMs,
          nodeIds: req.nodeIds,
          region: req.region || undefined,
        });
        return { inSync: r.inSync, nodes: r.nodes, waitedMs: r.waitedMs };
      },
    ),
    fleetStatus: edge.unary(
      'FleetStatus',
      () => ({ kind: 'read' }),
      async () => {
        const last = deps.streamLastSequence();
        return {
          streamLastSequence: last,
          nodes: fleet.all().map((n) => ({
            nodeId: n.heartbeat.nodeId,
            region: n.heartbeat.region,
            appliedSequence: n.heartbeat.appliedSequence,
            lagEvents: Math.max(
              0,
              Math.max(last, n.heartbeat.streamLastSequence) - n.heartbeat.appliedSequence,
            ),
            lagSeconds:
              n.heartbeat.appliedSequence >= n.heartbeat.streamLastSequence
                ? 0
                : (Date.now() - n.heartbeat.lastAppliedUnixMs) / 1000,
            queriesPerSecond: n.heartbeat.queriesPerSecond,
            ready: n.heartbeat.ready && Date.now() - n.lastSeenMs < 5000,
            natsConnected: n.heartbeat.natsConnected,
            lastSeenUnixMs: n.lastSeenMs,
          })),
        };
      },
    ),
    notifyZone: edge.unary(
      'NotifyZone',
      (r) => ({ kind: 'write-zone', zone: r.zone }),
      async (req, ctx) => {
        const meta = admin.zoneMeta(req.zone);
        await control.notify(meta.name, meta.serial, ctx.traceparent);
        stats.count('notifies-requested');
        return { serial: meta.serial };
      },
    ),
    purgeCache: edge.unary(
      'PurgeCache',
      (r) => (r.zone ? { kind: 'write-zone', zone: r.zone } : { kind: 'admin' }),
      async (req, ctx) => {
        if (!req.zone && req.name) {
          throw new ValidationError([
            { field: 'zone', rule: 'required', message: 'purging one name needs its zone' },
          ]);
        }
        if (!req.zone) await control.purge({}, ctx.traceparent);
        else {
          const origin = parseZoneName(req.zone);
          let name: Name | undefined;
          if (req.name) {
            try {
              name = Name.parse(req.name, origin);
            } catch (e) {
              throw new ValidationError([{ field: 'name', rule: 'bad-name', message: (e as Error).message }]);
            }
            if (!name.isSubdomainOf(origin)) {
              throw new ValidationError([
                { field: 'name', rule: 'out-of-zone', message: `${name} is not in zone ${origin}` },
              ]);
            }
          }
          await control.purge(
            name ? { zone: origin.key, name: name.toString() } : { zone: origin.key },
            ctx.traceparent,
          );
        }
        stats.count('purges-requested');
        return {};
      },
    ),
    getStatistics: edge.unary(
      'GetStatistics',
      () => ({ kind: 'read' }),
      async (req) => {
        let all = stats.snapshot(admin.store, fleet, deps.streamLastSequence());
        if (req.names.length) {
          const unknown = req.names.filter((n) => !all.some((s) => s.name === n));
          if (unknown.length) {
            throw new ValidationError(
              unknown.map((n) => ({
                field: 'names',
                rule: 'unknown-statistic',
                message: `no statistic ${n}`,
              })),
            );
          }
          all = req.names.map((n) => all.find((s) => s.name === n)!);
        }
        return { statistics: all, uptimeSeconds: stats.uptimeSeconds };
      },
    ),
  };
}
