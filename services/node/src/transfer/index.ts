import type { NatsConnection } from '@nats-io/transport-node';
import { DnsUpdateReply, DnsUpdateRequest, UPDATE_SUBJECT } from '@shoal/events';
import { MemoryKeyring, type TsigKeyring } from '@shoal/tsig';
import {
  appliedSubject,
  type KvKeyring,
  parseEndpoint,
  REFRESH_SUBJECT,
  type TransferEvent,
  tcpMessages,
  watchKeyringUntilAvailable,
} from '@shoal/zone-transfer';
import type { NodeServer } from '../node-server.js';
import { ExpiredZones } from './expired-zones.js';
import { loadTransferConfig } from './transfer-config.js';
import { createTransferInterceptor } from './transfer-interceptor.js';

/** Counts of transfers served, by outcome (logged; handy in tests and for operators). */
export type TransferCounters = Record<string, number>;

export interface TransferFeature {
  readonly counters: TransferCounters;
  /** Starts what needs NATS: the TSIG keyring (TSIG_KEYS bucket) and NOTIFY forwarding. */
  connect(nc: NatsConnection): Promise<void>;
  stop(): void;
}

/** Delegates to the keyring of the moment: empty until NATS is up, then the bucket's. */
class SwitchKeyring implements TsigKeyring {
  current: TsigKeyring = new MemoryKeyring();
  get(name: Parameters<TsigKeyring['get']>[0]) {
    return this.current.get(name);
  }
}

/** Registers zone transfers, NOTIFY and TSIG on a node (call after open(), before listen()). */
export function attachTransfers(
  node: NodeServer,
  env: Record<string, string | undefined> = process.env,
): TransferFeature {
  const config = loadTransferConfig(env);
  const log = node.log.child({ feature: 'transfer' });
  const keyring = new SwitchKeyring();
  const expired = new ExpiredZones(node.catalog);
  expired.load(node.store.listZones());
  node.effectListeners.push((effects, applied) => {
    expired.apply(effects);
    // Tell the bridges at once that this node serves the change, so NOTIFY can go out (they
    // also read the heartbeats, which say the same once a second).
    const nc = node.nc;
    if (nc && !nc.isClosed() && effects.some((e) => e.kind !== 'rrset')) {
      try {
        nc.publish(appliedSubject(node.config.nodeId), JSON.stringify({ node: node.config.nodeId, applied }));
      } catch {
        // Disconnected: the heartbeat carries the position later.
      }
    }
  });
  const counters: TransferCounters = {};
  let kv: KvKeyring | undefined;
  let stopped = false;

  node.interceptors.unshift(
    createTransferInterceptor({
      store: () => node.store,
      respond: (query, ctx) => node.responder.respond(query, ctx.transport, ctx.remoteAddress),
      keyring,
      expired,
      config,
      maxUdpPayload: node.config.maxUdpPayload,
      onTransfer: (event: TransferEvent) => {
        counters[event.outcome] = (counters[event.outcome] ?? 0) + 1;
        const level = event.outcome === 'failed' ? 'warn' : 'info';
        log[level]({ ...event, counters }, 'zone transfer');
      },
      onNotify: (notify) => {
        log.info(notify, 'NOTIFY accepted');
        const nc = node.nc;
        if (config.forwardNotify && nc && !nc.isClosed()) {
          nc.publish(REFRESH_SUBJECT, JSON.stringify({ ...notify, node: node.config.nodeId }));
        }
      },
      onNotifyRejected: (event) => log.info(event, 'NOTIFY rejected'),
      update: {
        forward: async (request) => {
          const nc = node.nc;
          if (!nc || nc.isClosed()) throw new Error('NATS is not connected');
          const msg = await nc.request(UPDATE_SUBJECT, DnsUpdateRequest.encode(request).finish(), {
            timeout: 15_000,
          });
          return DnsUpdateReply.decode(msg.data);
        },
        applied: async (sequence) => {
          try {
            await node.follower?.waitForSequence(sequence, 5_000);
            return node.follower !== undefined;
          } catch {
            return false;
          }
        },
        forwardToPrimary: async (query, primaries) => {
          let last: unknown = new Error('the zone has no primary');
          for (const primary of primaries) {
            try {
              for await (const reply of tcpMessages(parseEndpoint(primary), query, { timeoutMs: 10_000 }))
                return reply;
            } catch (e) {
              last = e;
            }
          }
          throw last;
        },
        onRefused: (event) => log.info(event, 'DNS UPDATE refused'),
      },
    }),
  );

  return {
    counters,
    async connect(connection) {
      // Until the bucket is readable, signed requests meet an empty keyring (BADKEY): retry.
      kv = await watchKeyringUntilAvailable(connection, {
        stopped: () => stopped,
        onError: (err, what) => log.warn({ err: String(err), what }, 'TSIG key unusable'),
        onChange: (names) => log.info({ keys: names.length }, 'TSIG keys updated'),
        onRetry: (err, attempt) => {
          if (attempt === 0) log.warn({ err: String(err) }, 'TSIG keys unavailable; retrying');
        },
      });
      if (kv) keyring.current = kv;
    },
    stop() {
      stopped = true;
      kv?.stop();
    },
  };
}
