import test from 'ava';
import { EdnsOptionCode } from './constants.js';
import {
  decodeEdnsOption,
  type EdnsOptionValue,
  encodeEdnsOption,
  findEdnsOption,
  paddingLength,
} from './edns.js';
import { RdataError } from './errors.js';
import type { Message } from './message.js';
import { decodeMessage } from './message-reader.js';
import { encodeMessage } from './message-writer.js';
import { Name } from './name.js';

const values: EdnsOptionValue[] = [
  { type: 'NSID', nsid: new TextEncoder().encode('ns1.shoal') },
  { type: 'CLIENT_SUBNET', family: 1, sourcePrefixLength: 24, scopePrefixLength: 0, address: '192.0.2.0' },
  { type: 'CLIENT_SUBNET', family: 1, sourcePrefixLength: 0, scopePrefixLength: 0, address: '0.0.0.0' },
  {
    type: 'CLIENT_SUBNET',
    family: 2,
    sourcePrefixLength: 56,
    scopePrefixLength: 48,
    address: '2001:db8:0:100::',
  },
  { type: 'COOKIE', client: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
  { type: 'COOKIE', client: new Uint8Array(8).fill(1), server: new Uint8Array(16).fill(2) },
  { type: 'TCP_KEEPALIVE' },
  { type: 'TCP_KEEPALIVE', timeout: 1200 },
  { type: 'PADDING', length: 17 },
  { type: 'EXTENDED_ERROR', infoCode: 18, extraText: 'prohibited by policy' },
  { type: 'EXTENDED_ERROR', infoCode: 0, extraText: '' },
  { type: 'UNKNOWN', code: 65001, data: new Uint8Array([9, 9]) },
];

for (const value of values) {
  test(`round-trips ${JSON.stringify(value, (_, v) => (v instanceof Uint8Array ? [...v] : v))}`, (t) => {
    t.deepEqual(decodeEdnsOption(encodeEdnsOption(value)), value);
  });
}

test('options survive a message round trip, unknown ones included', (t) => {
  const m: Message = {
    id: 7,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [{ name: Name.parse('example.test.'), type: 1, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
    edns: {
      udpPayloadSize: 4096,
      extendedRcode: 0,
      version: 0,
      dnssecOk: false,
      flags: 0,
      options: values.map(encodeEdnsOption),
    },
  };
  const d = decodeMessage(encodeMessage(m));
  t.deepEqual(d.edns?.options.map(decodeEdnsOption), values);
  t.is(findEdnsOption(d.edns, EdnsOptionCode.NSID)?.code, EdnsOptionCode.NSID);
  t.is(findEdnsOption(d.edns, 4242), undefined);
});

test('EDNS version and flags are exposed', (t) => {
  // OPT with version 1, DO and an unassigned flag bit (0x0001) set.
  const bytes = Buffer.from('000100000000000000000001' + '0000291000000180010000', 'hex');
  const d = decodeMessage(bytes);
  t.is(d.edns?.version, 1);
  t.true(d.edns?.dnssecOk);
  t.is(d.edns?.flags, 0x8001);
  t.is(d.edns?.udpPayloadSize, 4096);
});

test('rejects malformed known options', (t) => {
  const bad = [
    { code: EdnsOptionCode.COOKIE, data: new Uint8Array(7) },
    { code: EdnsOptionCode.COOKIE, data: new Uint8Array(12) },
    { code: EdnsOptionCode.COOKIE, data: new Uint8Array(41) },
    { code: EdnsOptionCode.CLIENT_SUBNET, data: Uint8Array.of(0, 1, 24, 0, 192, 0) },
    { code: EdnsOptionCode.CLIENT_SUBNET, data: Uint8Array.of(0, 1, 23, 0, 192, 0, 3) },
    { code: EdnsOptionCode.CLIENT_SUBNET, data: Uint8Array.of(0, 3, 0, 0) },
    { code: EdnsOptionCode.CLIENT_SUBNET, data: Uint8Array.of(0, 1, 33, 0, 1, 2, 3, 4, 5) },
    { code: EdnsOptionCode.TCP_KEEPALIVE, data: new Uint8Array(1) },
    { code: EdnsOptionCode.EXTENDED_ERROR, data: new Uint8Array(1) },
  ];
  for (const option of bad) t.throws(() => decodeEdnsOption(option), { instanceOf: RdataError });
});

test('padding length reaches the block size', (t) => {
  t.is(paddingLength(100, 128), 24);
  t.is((100 + 4 + paddingLength(100, 128)) % 128, 0);
  t.is(paddingLength(124, 128), 0);
  t.is((300 + 4 + paddingLength(300, 468)) % 468, 0);
});
