import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { Name, Rcode } from '@shoal/dns-wire';
import { DnsUpdateReply, DnsUpdateRequest, UPDATE_SUBJECT } from '@shoal/events';
import type { Logger } from 'pino';
import type { CurrentRRset } from './change-plan.js';
import { planChangeSet } from './change-plan.js';
import { ownersOf, parseUpdateRecord, planUpdate } from './dns-update.js';
import { ValidationError } from './errors.js';
import type { ZoneAdmin } from './zone-admin.js';
import { loadZoneState } from './zone-state.js';

/**
 * Applies the DNS UPDATEs nodes forward (they checked the zone, TSIG and policy): one admin of
 * the queue group takes each, plans it against the zone at append time and appends one
 * ChangeSet, or answers the RCODE that refuses it.
 */
export function serveDnsUpdates(nc: NatsConnection, admin: ZoneAdmin, log: Logger): Subscription {
  return nc.subscribe(UPDATE_SUBJECT, {
    queue: 'shoal-admin',
    callback: (err, msg) => {
      if (err) return;
      let request: DnsUpdateRequest;
      try {
        request = DnsUpdateRequest.decode(msg.data);
      } catch {
        msg.respond(
          DnsUpdateReply.encode({
            rcode: Rcode.FORMERR,
            sequence: 0,
            serial: 0,
            reason: 'undecodable request',
          }).finish(),
        );
        return;
      }
      void applyDnsUpdate(admin, request)
        .catch((e): DnsUpdateReply => {
          log.warn({ zone: request.zone, err: String(e) }, 'DNS UPDATE failed');
          return { rcode: Rcode.SERVFAIL, sequence: 0, serial: 0, reason: String(e) };
        })
        .then((reply) => {
          if (reply.rcode !== Rcode.NOERROR)
            log.info(
              { zone: request.zone, actor: request.actor, rcode: reply.rcode, reason: reply.reason },
              'DNS UPDATE refused',
            );
          msg.respond(DnsUpdateReply.encode(reply).finish());
        });
    },
  });
}

export async function applyDnsUpdate(admin: ZoneAdmin, request: DnsUpdateRequest): Promise<DnsUpdateReply> {
  const origin = Name.parse(request.zone);
  const prerequisites = request.prerequisites.map(parseUpdateRecord);
  const updates = request.updates.map(parseUpdateRecord);
  const caller = { actor: request.actor || 'dns-update', reason: 'DNS UPDATE (RFC 2136)' };
  let refused: DnsUpdateReply | undefined;
  let changed = false;
  try {
    const outcome = await admin.writer.write(origin, admin.writeRequest(caller), async (meta) => {
      // Planned again after a conflicting append: only this attempt's outcome counts.
      refused = undefined;
      changed = false;
      if (!meta) {
        refused = { rcode: Rcode.NOTAUTH, sequence: 0, serial: 0, reason: `${origin} is not a zone here` };
        return undefined;
      }
      const rrsetsAt = new Map<string, CurrentRRset[]>();
      for (const owner of ownersOf([...prerequisites, ...updates]))
        rrsetsAt.set(owner.key, await admin.store.rrsetsAt(meta, owner));
      const plan = planUpdate(origin, prerequisites, updates, (owner) => rrsetsAt.get(owner.key) ?? []);
      if ('rcode' in plan) {
        refused = { rcode: plan.rcode, sequence: 0, serial: 0, reason: plan.reason };
        return undefined;
      }
      if (plan.changes.length === 0) return undefined;
      const state = await loadZoneState(admin.store, meta, origin, plan.changes);
      const changeSet = planChangeSet(state, plan.changes, admin.clock());
      if (!changeSet) return undefined;
      changed = true;
      return admin.event(origin, caller, { $case: 'changeSet', changeSet });
    });
    if (refused) return refused;
    // §3.4.2.7: an update that changes nothing succeeds without a new serial.
    return {
      rcode: Rcode.NOERROR,
      sequence: changed ? outcome.sequence : 0,
      serial: outcome.serial,
      reason: '',
    };
  } catch (e) {
    // What the zone's rules refuse (a CNAME chain into DNAME territory, ...) is refused here too.
    if (e instanceof ValidationError)
      return { rcode: Rcode.REFUSED, sequence: 0, serial: 0, reason: e.message };
    throw e;
  }
}
