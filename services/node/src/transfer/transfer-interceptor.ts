import { type Name, Opcode } from '@shoal/dns-wire';
import type { ZoneStore } from '@shoal/projection';
import type { TsigKeyring } from '@shoal/tsig';
import {
  answerNotify,
  answerSignedQuery,
  answerTransfer,
  isNotifyQuery,
  isSecondaryZone,
  isTransferQuery,
  type NotifyReceived,
  type NotifyZone,
  peekQuery,
  type TransferEvent,
  type TransferZone,
  transferPolicyOf,
} from '@shoal/zone-transfer';
import type { QueryContext, QueryResult } from '../frontend/index.js';
import { answerUpdate, type UpdateDeps } from './dns-update.js';
import type { ExpiredZones } from './expired-zones.js';
import { StoreZoneSource } from './store-source.js';
import type { TransferConfig } from './transfer-config.js';

export interface InterceptorDeps {
  store: () => ZoneStore;
  respond: (query: Uint8Array, ctx: QueryContext) => Uint8Array | null;
  keyring: TsigKeyring;
  expired: ExpiredZones;
  config: TransferConfig;
  maxUdpPayload: number;
  onTransfer: (event: TransferEvent) => void;
  onNotify: (notify: NotifyReceived) => void;
  onNotifyRejected: (event: { zone?: string; remote: string; rcode: number; reason: string }) => void;
  /** DNS UPDATE (RFC 2136): its zone check, policy and forwarding to the admins. */
  update: Omit<UpdateDeps, 'keyring' | 'zoneSettings'>;
}

/**
 * The node's transfer front: AXFR/IXFR (RFC 5936, RFC 1995) from the projection, NOTIFY for
 * secondary zones (RFC 1996, forwarded to the bridges), TSIG-signed ordinary queries (RFC 8945,
 * as secondaries send for their SOA checks), DNS UPDATE (RFC 2136, applied by the admins), and
 * SERVFAIL for expired zones. Everything else
 * returns undefined after a look at a few header octets, so plain queries pay next to nothing.
 */
export function createTransferInterceptor(deps: InterceptorDeps) {
  const findTransferZone = (name: Name): TransferZone | undefined => {
    const store = deps.store();
    const meta = store.zone(name.key);
    if (!meta || deps.expired.has(meta.name)) return undefined;
    const source = new StoreZoneSource(store, meta);
    return { origin: source.origin, source, policy: transferPolicyOf(meta.settings) };
  };
  const findNotifyZone = (name: Name): NotifyZone | undefined => {
    const meta = deps.store().zone(name.key);
    if (!meta) return undefined;
    const s = meta.settings;
    return {
      secondary: isSecondaryZone(s),
      primaries: s.primaries,
      acl: s.transferAcl,
      tsigKeys: s.tsigKeys,
    };
  };
  const respond = (query: Uint8Array, ctx: QueryContext): Uint8Array | null =>
    deps.expired.answer(query) ?? deps.respond(query, ctx);

  return (query: Uint8Array, ctx: QueryContext): QueryResult | Promise<QueryResult> | undefined => {
    const peek = peekQuery(query);
    if (!peek || peek.qr) return undefined;
    if (isTransferQuery(peek.opcode, peek.qtype)) {
      return answerTransfer(query, ctx, {
        findZone: findTransferZone,
        keyring: deps.keyring,
        condense: deps.config.condense,
        maxMessageSize: deps.config.maxMessageSize,
        maxUdpPayload: deps.maxUdpPayload,
        onTransfer: deps.onTransfer,
      }).then((reply) => reply ?? deps.respond(query, ctx));
    }
    if (peek.opcode === Opcode.UPDATE) {
      return answerUpdate(query, ctx, {
        ...deps.update,
        keyring: deps.keyring,
        zoneSettings: (name) => deps.store().zone(name.key)?.settings,
      });
    }
    if (isNotifyQuery(peek.opcode, peek.qr)) {
      return answerNotify(query, ctx, {
        findZone: findNotifyZone,
        keyring: deps.keyring,
        onNotify: deps.onNotify,
        onRejected: deps.onNotifyRejected,
      });
    }
    if (peek.arcount > 0) {
      let signed: Uint8Array | null | undefined;
      try {
        signed = answerSignedQuery(query, ctx, {
          keyring: deps.keyring,
          respond: (unsigned) => respond(unsigned, ctx),
        });
      } catch {
        signed = undefined; // a malformed TSIG: the answer engine answers FORMERR
      }
      if (signed !== undefined) return signed;
    }
    return deps.expired.answer(query);
  };
}
