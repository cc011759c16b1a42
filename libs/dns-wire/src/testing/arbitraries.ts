import fc from 'fast-check';
import type { Edns, EdnsOption, Message, Question, ResourceRecord } from '../message.js';
import { Name } from '../name.js';

/** fast-check generators for the property tests: names, records with valid RDATA, messages. */

const ldh = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
const label: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: ldh.map((s) => new TextEncoder().encode(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 63 }) },
);

export const name: fc.Arbitrary<Name> = fc
  .array(label, { maxLength: 6 })
  .filter((labels) => labels.reduce((n, l) => n + l.length + 1, 1) <= 255)
  .map((labels) => Name.fromLabels(labels));

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

const be16 = (v: number): number[] => [v >> 8, v & 0xff];
const be32 = (v: number): number[] => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const cstring = fc.uint8Array({ maxLength: 40 }).map((s) => concat([s.length], s));

/** [type, rdata] pairs with valid RDATA, names drawn from `names` so compression has work to do. */
function rdata(names: fc.Arbitrary<Name>): fc.Arbitrary<[number, Uint8Array]> {
  const wire = names.map((n) => n.toWire());
  return fc.oneof(
    fc.uint8Array({ minLength: 4, maxLength: 4 }).map((d): [number, Uint8Array] => [1, d]),
    fc.uint8Array({ minLength: 16, maxLength: 16 }).map((d): [number, Uint8Array] => [28, d]),
    fc
      .tuple(fc.constantFrom(2, 5, 12, 39, 3, 4, 7, 8, 9), wire)
      .map(([t, n]): [number, Uint8Array] => [t, n]),
    fc.tuple(u16, wire).map(([p, n]): [number, Uint8Array] => [15, concat(be16(p), n)]),
    fc
      .tuple(wire, wire, fc.array(u32, { minLength: 5, maxLength: 5 }))
      .map(([a, b, v]): [number, Uint8Array] => [6, concat(a, b, v.flatMap(be32))]),
    fc.tuple(fc.constantFrom(14, 17), wire, wire).map(([t, a, b]): [number, Uint8Array] => [t, concat(a, b)]),
    fc.array(cstring, { minLength: 1, maxLength: 4 }).map((s): [number, Uint8Array] => [16, concat(...s)]),
    fc
      .tuple(u16, u16, u16, wire)
      .map(([a, b, c, n]): [number, Uint8Array] => [33, concat(be16(a), be16(b), be16(c), n)]),
    fc
      .tuple(u16, u16, cstring, cstring, cstring, wire)
      .map(([a, b, f, s, r, n]): [number, Uint8Array] => [35, concat(be16(a), be16(b), f, s, r, n)]),
    fc
      .tuple(fc.constantFrom(18, 21, 36), u16, wire)
      .map(([t, p, n]): [number, Uint8Array] => [t, concat(be16(p), n)]),
    fc
      .tuple(fc.integer({ min: 0xff00, max: 0xfffe }), fc.uint8Array({ maxLength: 60 }))
      .map(([t, d]): [number, Uint8Array] => [t, d]),
    // Empty RDATA, as in UPDATE deletions (RFC 2136 §2.5.2), for any type.
    fc
      .constantFrom(1, 2, 5, 6, 15, 33, 255)
      .map((t): [number, Uint8Array] => [t, new Uint8Array(0)]),
  );
}

export function record(names: fc.Arbitrary<Name>): fc.Arbitrary<ResourceRecord> {
  return fc
    .tuple(names, rdata(names), u16, u32)
    .map(([owner, [type, data], klass, ttl]) => ({ name: owner, type, class: klass, ttl, rdata: data }));
}

const option: fc.Arbitrary<EdnsOption> = fc.record({
  code: u16,
  data: fc.uint8Array({ maxLength: 40 }),
});

/** Names sharing suffixes and differing in case: a small pool plus children of its members. */
export const namePool: fc.Arbitrary<fc.Arbitrary<Name>> = fc
  .array(name, { minLength: 1, maxLength: 4 })
  .chain((pool) =>
    fc.constant(
      fc.oneof(
        fc.constantFrom(...pool),
        fc
          .tuple(fc.constantFrom(...pool), ldh)
          .filter(([n, l]) => n.wireLength + l.length + 1 <= 255)
          .map(([n, l]) => n.prepend(l)),
      ),
    ),
  );

export const message: fc.Arbitrary<Message> = namePool.chain((names) => {
  const question: fc.Arbitrary<Question> = fc.record({
    name: names,
    type: u16.filter((t) => t !== 41),
    class: u16,
  });
  const records = fc.array(record(names), { maxLength: 5 });
  const edns: fc.Arbitrary<Edns | undefined> = fc.option(
    fc.record({
      udpPayloadSize: u16,
      extendedRcode: fc.constant(0),
      version: fc.integer({ min: 0, max: 255 }),
      dnssecOk: fc.constant(false),
      flags: u16,
      options: fc.array(option, { maxLength: 3 }),
    }),
    { nil: undefined },
  );
  return fc
    .record({
      id: u16,
      qr: fc.boolean(),
      opcode: fc.integer({ min: 0, max: 15 }),
      aa: fc.boolean(),
      tc: fc.boolean(),
      rd: fc.boolean(),
      ra: fc.boolean(),
      z: fc.boolean(),
      ad: fc.boolean(),
      cd: fc.boolean(),
      rcode: fc.integer({ min: 0, max: 4095 }),
      questions: fc.array(question, { maxLength: 2 }),
      answers: records,
      authorities: records,
      additionals: records,
      edns,
    })
    .map((m) => {
      const out: Message = { ...m };
      delete out.edns;
      if (m.edns === undefined) {
        out.rcode = m.rcode & 0xf;
      } else {
        // Keep the spread fields consistent with the raw ones, as a decoder reports them.
        out.edns = { ...m.edns, extendedRcode: m.rcode >> 4, dnssecOk: (m.edns.flags & 0x8000) !== 0 };
      }
      return out;
    });
});
