import test from 'ava';
import { RRType } from './constants.js';
import { WireFormatError } from './errors.js';
import type { Message, ResourceRecord } from './message.js';
import { decodeMessage } from './message-reader.js';
import { encodeMessage, MessageWriter } from './message-writer.js';
import { Name } from './name.js';
import { recordFromText } from './records.js';
import { plain } from './testing/plain.js';

const origin = Name.parse('example.test.');
const rr = (line: string): ResourceRecord => recordFromText(line, origin, 300);

function query(name: string, type: number): Message {
  return {
    id: 0x1234,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: false,
    ad: true,
    cd: false,
    rcode: 0,
    questions: [{ name: Name.parse(name), type, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
    edns: { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: true, flags: 0x8000, options: [] },
  };
}

test('decodes a query as dig sends it', (t) => {
  // dig www.example.test A +cookie=0102030405060708 (EDNS, DO unset, AD set).
  const bytes = Buffer.from(
    '12340120000100000000000103777777076578616d706c6504746573740000010001' +
      '00002904d000000000000c000a00080102030405060708',
    'hex',
  );
  const m = decodeMessage(bytes);
  t.is(m.id, 0x1234);
  t.true(m.rd);
  t.true(m.ad);
  t.is(m.questions[0].name.toString(), 'www.example.test.');
  t.is(m.questions[0].type, RRType.A);
  t.is(m.edns?.udpPayloadSize, 1232);
  t.is(m.edns?.options[0].code, 10);
  t.deepEqual([...(m.edns?.options[0].data ?? [])], [1, 2, 3, 4, 5, 6, 7, 8]);
  t.is(m.additionals.length, 0);
});

test('round-trips a response with compression', (t) => {
  const m = query('www.example.test.', RRType.A);
  m.qr = true;
  m.aa = true;
  m.answers = [rr('www 300 IN CNAME web'), rr('web 300 IN A 192.0.2.1'), rr('web 300 IN A 192.0.2.2')];
  m.authorities = [rr('@ 300 IN NS ns1'), rr('@ 300 IN NS ns2.other.test.')];
  m.additionals = [rr('ns1 300 IN A 192.0.2.53')];
  const wire = encodeMessage(m);
  const uncompressed = encodeMessage(m, { compress: false });
  t.true(wire.length < uncompressed.length);
  t.deepEqual(plain(decodeMessage(wire)), plain(m));
  t.deepEqual(plain(decodeMessage(uncompressed)), plain(m));
});

test('extended RCODE travels in OPT', (t) => {
  const m = query('example.test.', RRType.SOA);
  m.qr = true;
  m.rcode = 16; // BADVERS
  m.edns = { udpPayloadSize: 1232, extendedRcode: 1, version: 0, dnssecOk: false, flags: 0, options: [] };
  const d = decodeMessage(encodeMessage(m));
  t.is(d.rcode, 16);
  t.is(d.edns?.extendedRcode, 1);
});

test('truncates whole RRsets and sets TC', (t) => {
  const m = query('big.example.test.', RRType.TXT);
  m.qr = true;
  for (let i = 0; i < 20; i++) m.answers.push(rr(`big 300 IN TXT "${'x'.repeat(50)}${i}"`));
  m.additionals = [rr('ns1 300 IN A 192.0.2.53')];
  const wire = encodeMessage(m, { maxSize: 512 });
  t.true(wire.length <= 512);
  const d = decodeMessage(wire);
  t.true(d.tc);
  t.is(d.answers.length, 0);
  t.is(d.questions.length, 1);
  t.truthy(d.edns);
});

test('writer rolls back records that do not fit', (t) => {
  const w = new MessageWriter(100);
  w.setHeader({ id: 1, qr: true });
  t.true(w.addQuestion({ name: Name.parse('a.example.test.'), type: 1, class: 1 }));
  const before = w.size;
  t.false(w.addRecord('answer', rr(`a 300 IN TXT "${'y'.repeat(200)}"`)));
  t.is(w.size, before);
  t.true(w.addRecord('answer', rr('a 300 IN A 192.0.2.1')));
  const d = decodeMessage(w.finish());
  t.is(d.answers.length, 1);
  w.reset(512);
  w.setHeader({ id: 2 });
  t.is(w.size, 12);
  t.is(decodeMessage(w.finish()).id, 2);
});

test('rejects malformed names', (t) => {
  const header = '000000000001000000000000';
  const bad = [
    `${header}c00c00010001`, // pointer to itself
    `${header}c00d00010001`, // forward pointer
    `${header}c0ff00010001`, // pointer out of bounds
    `${header}0161c00c00010001`, // pointer back into its own name: a loop
    `${header}40`, // extended label type
    `${header}05616263`, // label runs past the end
    `${header}00000100`, // truncated question
    `${header}0000010001ff`, // trailing octet
  ];
  for (const hex of bad) {
    t.throws(() => decodeMessage(Buffer.from(hex, 'hex')), { instanceOf: WireFormatError }, hex);
  }
  // A name of 256 octets made of 4 labels of 63 and one of 2 (without pointers).
  const long = `${'3f'.concat('61'.repeat(63)).repeat(4)}0161000001000`;
  t.throws(() => decodeMessage(Buffer.from(`${header}${long}1`, 'hex')), { instanceOf: WireFormatError });
});

test('rejects a second OPT and OPT outside additional', (t) => {
  const header = '000000000000000000000002';
  const opt = '0000290200000000000000';
  t.throws(() => decodeMessage(Buffer.from(`${header}${opt}${opt}`, 'hex')), { instanceOf: WireFormatError });
  t.throws(() => decodeMessage(Buffer.from(`000000000000000100000000${opt}`, 'hex')), {
    instanceOf: WireFormatError,
  });
  t.throws(() => decodeMessage(Buffer.from(`000000000000000000000001016100002902000000000000000`, 'hex')), {
    instanceOf: WireFormatError,
  });
});

test('decompresses RDATA names where RFC 3597 allows it', (t) => {
  const m = query('example.test.', RRType.MX);
  m.qr = true;
  m.answers = [rr('@ 300 IN MX 10 mail'), rr('@ 300 IN SOA ns1 hostmaster 1 2 3 4 5')];
  const wire = encodeMessage(m);
  const d = decodeMessage(wire);
  t.deepEqual(plain(d.answers), plain(m.answers));
  // The MX exchange was compressed to a pointer to the owner.
  t.true(wire.length < encodeMessage(m, { compress: false }).length);
});
