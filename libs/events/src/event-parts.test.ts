import test from 'ava';
import { decodeEvent, encodeEvent } from './event-codec.js';
import { EventPartError, encodeEventParts, joinEventParts } from './event-parts.js';
import type { Event, EventPart } from './gen/dns/events/v1/events.js';

function bigChangeSet(records: number): Omit<Event, 'schemaVersion'> {
  const added = Array.from({ length: records }, (_, i) => ({
    owner: new Uint8Array([4, 104, 111, 115, 116, 7, 101, 120, 97, 109, 112, 108, 101, 0]),
    type: 16,
    class: 1,
    ttl: 300 + i,
    rdata: new TextEncoder().encode(`\x20record number ${i} with some text`),
  }));
  return {
    zone: 'example.',
    provenance: { actor: 'test', timeUnixMs: 1, reason: 'big', requestId: 'r1', traceparent: '' },
    body: { $case: 'changeSet', changeSet: { fromSerial: 1, toSerial: 2, removed: [], added } },
  } as Omit<Event, 'schemaVersion'>;
}

const partsOf = (messages: Uint8Array[]): EventPart[] =>
  messages.map((m) => {
    const e = decodeEvent(m);
    if (e.body?.$case !== 'eventPart') throw new Error('not a part');
    return e.body.eventPart;
  });

test('an event that fits is one message, byte for byte the plain encoding', (t) => {
  const event = bigChangeSet(10);
  const messages = encodeEventParts(event, 1024 * 1024);
  t.is(messages.length, 1);
  t.deepEqual(messages[0], encodeEvent(event));
});

test('a large event is cut into parts that fit and join back into the same octets', (t) => {
  const event = bigChangeSet(60_000);
  const whole = encodeEvent(event);
  t.true(whole.length > 2 * 1024 * 1024);
  const limit = 1024 * 1024;
  const messages = encodeEventParts(event, limit, 'tx-1');
  t.true(messages.length >= 3);
  t.true(messages.every((m) => m.length <= limit));
  const parts = partsOf(messages);
  t.deepEqual(
    parts.map((p) => [p.transaction, p.index, p.count]),
    parts.map((_, i) => ['tx-1', i, messages.length]),
  );
  // Every part names the zone and keeps the provenance.
  t.true(messages.every((m) => decodeEvent(m).zone === 'example.'));
  t.true(messages.every((m) => decodeEvent(m).provenance?.requestId === 'r1'));
  const joined = joinEventParts(parts);
  t.deepEqual(joined, whole);
  t.is(decodeEvent(joined).body?.$case, 'changeSet');
});

test('incomplete, mixed or reordered parts are refused', (t) => {
  const parts = partsOf(encodeEventParts(bigChangeSet(40_000), 256 * 1024, 'tx-2'));
  t.throws(() => joinEventParts(parts.slice(1)), { instanceOf: EventPartError });
  t.throws(() => joinEventParts(parts.slice(0, -1)), { instanceOf: EventPartError });
  t.throws(() => joinEventParts([parts[1], parts[0], ...parts.slice(2)]), { instanceOf: EventPartError });
  const other = partsOf(encodeEventParts(bigChangeSet(40_000), 256 * 1024, 'tx-3'));
  t.throws(() => joinEventParts([parts[0], ...other.slice(1)]), { instanceOf: EventPartError });
});

test('an absurdly small message limit is refused', (t) => {
  t.throws(() => encodeEventParts(bigChangeSet(1000), 2000), { instanceOf: EventPartError });
});
