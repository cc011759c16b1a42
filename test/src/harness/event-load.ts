import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Name, RRClass, RRType, rdataFromText } from '@shoal/dns-wire';
import { ensureEventStream } from '@shoal/event-store';
import { type Event, type Record as EventRecord, encodeEvent, zoneSubject } from '@shoal/events';

/**
 * Writes a synthetic history straight into the stream (no admin in the way): `zones` zones,
 * then `changesPerZone` ChangeSets each, interleaved across zones as real traffic would be.
 * Every ChangeSet moves the SOA serial by one, adds one A record and, every third change,
 * removes an earlier one, so the projection does real work.
 */
export async function loadSyntheticHistory(
  natsUrl: string,
  options: { zones: number; changesPerZone: number; inFlight?: number; zonePrefix?: string; stream?: string },
): Promise<{ lastSequence: number; events: number }> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  await ensureEventStream(jsm);
  const js = jetstream(nc);
  const inFlight = options.inFlight ?? 256;
  const prefix = options.zonePrefix ?? 'load';
  const origins = Array.from({ length: options.zones }, (_, i) => Name.parse(`${prefix}${i}.test.`));
  const rec = (owner: Name, type: number, text: string, origin: Name, ttl = 300): EventRecord => ({
    owner: owner.toWire(),
    type,
    class: RRClass.IN,
    ttl,
    rdata: rdataFromText(type, text, origin),
  });
  const soa = (origin: Name, serial: number) =>
    rec(origin, RRType.SOA, `ns1 hostmaster ${serial} 3600 600 86400 300`, origin, 3600);
  const events: { subject: string; event: Omit<Event, 'schemaVersion'> }[] = [];
  for (const origin of origins) {
    events.push({
      subject: zoneSubject(origin.labels),
      event: {
        zone: origin.key,
        body: {
          $case: 'zoneCreated',
          zoneCreated: {
            records: [
              soa(origin, 1),
              rec(origin, RRType.NS, 'ns1', origin),
              rec(origin.prepend('ns1'), RRType.A, '192.0.2.1', origin),
            ],
          },
        },
      },
    });
  }
  for (let c = 0; c < options.changesPerZone; c++) {
    for (const origin of origins) {
      const from = c + 1;
      const to = c + 2;
      const removed = [soa(origin, from)];
      if (c % 3 === 2)
        removed.push(
          rec(origin.prepend(`h${c - 2}`), RRType.A, `10.${((c - 2) >> 8) & 255}.${(c - 2) & 255}.1`, origin),
        );
      events.push({
        subject: zoneSubject(origin.labels),
        event: {
          zone: origin.key,
          provenance: { actor: 'load', timeUnixMs: 0, reason: `change ${c}`, requestId: '', traceparent: '' },
          body: {
            $case: 'changeSet',
            changeSet: {
              fromSerial: from,
              toSerial: to,
              removed,
              added: [
                soa(origin, to),
                rec(origin.prepend(`h${c}`), RRType.A, `10.${(c >> 8) & 255}.${c & 255}.1`, origin),
              ],
            },
          },
        },
      });
    }
  }
  let lastSequence = 0;
  let next = 0;
  // Many publishes in flight across zones, but one zone's events are chained so they land in
  // the order they were generated (the projection relies on per-zone order, as the admin's
  // expected-last-subject-sequence guarantees in production).
  const pendingBySubject = new Map<string, Promise<unknown>>();
  const workers = Array.from({ length: inFlight }, async () => {
    while (next < events.length) {
      const { subject, event } = events[next++];
      const before = pendingBySubject.get(subject) ?? Promise.resolve();
      const p = before.then(() => js.publish(subject, encodeEvent(event), { timeout: 30_000 }));
      pendingBySubject.set(subject, p);
      const ack = await p;
      lastSequence = Math.max(lastSequence, ack.seq);
    }
  });
  await Promise.all(workers);
  await nc.close();
  return { lastSequence, events: events.length };
}
