import { BinaryWriter } from '@bufbuild/protobuf/wire';
import test from 'ava';
import { decodeEvent, encodeEvent, UnsupportedEventError } from './event-codec.js';
import { Event } from './gen/dns/events/v1/events.js';

const changeSet = {
  zone: 'example.test.',
  body: { $case: 'changeSet' as const, changeSet: { fromSerial: 1, toSerial: 2, removed: [], added: [] } },
};

test('events round-trip and carry the current schema version', (t) => {
  const e = decodeEvent(encodeEvent(changeSet));
  t.is(e.schemaVersion, 1);
  t.is(e.zone, 'example.test.');
  t.deepEqual(e.body?.$case, 'changeSet');
});

test('fields added by a newer writer are kept, not lost, and survive re-encoding', (t) => {
  const bytes = encodeEvent(changeSet);
  // A newer writer's field 99 (string) on the envelope.
  const w = new BinaryWriter();
  w.raw(bytes);
  w.uint32((99 << 3) | 2).string('from the future');
  const e = decodeEvent(w.finish());
  t.is(e.zone, 'example.test.');
  // ts-proto keys unknown fields by their wire tag (field number << 3 | wire type).
  const tag = (99 << 3) | 2;
  t.truthy(e._unknownFields?.[tag]);
  const again = Event.decode(Event.encode(e).finish());
  t.deepEqual(again._unknownFields?.[tag], e._unknownFields?.[tag]);
});

test('a newer schema version is refused, not guessed at', (t) => {
  const bytes = Event.encode(Event.fromPartial({ ...changeSet, schemaVersion: 2 })).finish();
  const err = t.throws(() => decodeEvent(bytes, 42), { instanceOf: UnsupportedEventError });
  t.regex(err!.message, /schema version 2 .* at sequence 42/);
});

test('an event kind this version does not know is refused', (t) => {
  const w = new BinaryWriter();
  w.uint32((1 << 3) | 0).uint32(1);
  w.uint32((2 << 3) | 2).string('example.test.');
  // Oneof member 20: a body kind added after v1 of this reader.
  w.uint32((20 << 3) | 2).bytes(new Uint8Array([8, 1]));
  t.throws(() => decodeEvent(w.finish(), 7), {
    instanceOf: UnsupportedEventError,
    message: /unknown kind at sequence 7/,
  });
});

test('garbage is refused with the sequence named', (t) => {
  t.throws(() => decodeEvent(Uint8Array.of(0xff, 0xff, 0xff), 9), {
    instanceOf: UnsupportedEventError,
    message: /sequence 9/,
  });
});
