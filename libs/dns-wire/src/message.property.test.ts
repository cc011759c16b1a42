import test from 'ava';
import fc from 'fast-check';
import { DnsWireError } from './errors.js';
import { decodeMessage } from './message-reader.js';
import { encodeMessage } from './message-writer.js';
import { Name } from './name.js';
import { codecFor } from './rdata/codecs.js';
import { rdataFromText, rdataToText } from './rdata/rdata.js';
import { recordToText } from './records.js';
import { message, name } from './testing/arbitraries.js';
import { plain } from './testing/plain.js';

const RUNS = 500;

test('decode(encode(m)) == m, with and without compression', (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const wire = encodeMessage(m);
      t.deepEqual(plain(decodeMessage(wire)), plain(m));
      t.deepEqual(plain(decodeMessage(encodeMessage(m, { compress: false }))), plain(m));
      // Re-encoding what was decoded gives the same octets.
      t.deepEqual(encodeMessage(decodeMessage(wire)), wire);
    }),
    { numRuns: RUNS },
  );
});

test('names survive text and wire round trips', (t) => {
  fc.assert(
    fc.property(name, (n) => {
      const back = Name.parse(n.toString());
      t.deepEqual(back.toWire(), n.toWire());
      t.is(Name.parse(n.key).key, n.key);
      t.deepEqual(Name.fromWire(n.toWire()).toWire(), n.toWire());
      t.is(Name.compareCanonical(n, back), 0);
    }),
    { numRuns: RUNS },
  );
});

function onlyOwnErrors(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof DnsWireError) return true;
    throw e;
  }
}

/** Everything a server might do with a decoded message, none of which may throw a foreign error. */
function exercise(bytes: Uint8Array): void {
  onlyOwnErrors(() => {
    const m = decodeMessage(bytes);
    for (const rr of [...m.answers, ...m.authorities, ...m.additionals]) {
      onlyOwnErrors(() => recordToText(rr));
    }
    onlyOwnErrors(() => encodeMessage(m));
    onlyOwnErrors(() => encodeMessage(m, { maxSize: 512 }));
  });
}

test('random bytes only ever raise DnsWireError', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
      exercise(bytes);
      t.pass();
    }),
    { numRuns: 2000 },
  );
});

test('mutated messages only ever raise DnsWireError', (t) => {
  const mutation = fc.array(
    fc.tuple(fc.constantFrom('flip', 'set', 'cut', 'insert'), fc.nat(), fc.integer({ min: 0, max: 255 })),
    { minLength: 1, maxLength: 6 },
  );
  fc.assert(
    fc.property(message, mutation, (m, edits) => {
      let bytes = Array.from(encodeMessage(m));
      for (const [kind, at, value] of edits) {
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (kind === 'flip') bytes[i] ^= 1 << (value & 7);
        else if (kind === 'set') bytes[i] = value;
        else if (kind === 'cut') bytes = bytes.slice(0, i);
        else bytes.splice(i, 0, value);
      }
      exercise(Uint8Array.from(bytes));
      t.pass();
    }),
    { numRuns: 2000 },
  );
});

test('every RDATA that decodes prints and reads back to the same octets', (t) => {
  const types = [
    1, 2, 5, 6, 12, 13, 15, 16, 28, 29, 33, 35, 39, 43, 44, 46, 47, 48, 50, 51, 52, 53, 59, 60, 61, 63, 64,
    65, 99, 250, 256, 257, 65534,
  ];
  for (const type of types) t.truthy(type === 65534 || codecFor(type), `codec for ${type}`);
  const data = fc.oneof(
    fc.uint8Array({ maxLength: 80 }),
    // Mostly-valid shapes: a root or short name first, or small leading fields.
    fc
      .uint8Array({ maxLength: 40 })
      .map((d) => Uint8Array.from([0, ...d])),
    fc.uint8Array({ maxLength: 40 }).map((d) => Uint8Array.from([0, 1, 0, ...d])),
  );
  let printed = 0;
  fc.assert(
    fc.property(fc.constantFrom(...types), data, (type, bytes) => {
      let text: string;
      try {
        text = rdataToText(type, bytes);
      } catch (e) {
        if (e instanceof DnsWireError) return;
        throw e;
      }
      printed++;
      t.deepEqual(rdataFromText(type, text), bytes, `${type} ${text}`);
    }),
    { numRuns: 20000 },
  );
  t.true(printed > 1000, `only ${printed} printable samples`);
});

test('random presentation text only ever raises DnsWireError', (t) => {
  const chars = fc.constantFrom(...'0123456789abcdefABC.-_ "\\;()@$#=,:/+\t\n'.split(''));
  const text = fc.array(chars, { maxLength: 60 }).map((c) => c.join(''));
  fc.assert(
    fc.property(
      fc.constantFrom(1, 2, 6, 15, 16, 28, 29, 33, 35, 43, 46, 47, 48, 50, 64, 65, 250, 257, 65534),
      text,
      (type, s) => {
        onlyOwnErrors(() => rdataFromText(type, s, Name.parse('example.')));
        t.pass();
      },
    ),
    { numRuns: 5000 },
  );
});
