// Throughput of @shoal/dns-wire beside dns-packet, in one run, on the compiled library.
// Usage: npx tsc -b libs/dns-wire && node bench/dns-wire/bench.mjs [seconds-per-case]
import dnsPacket from 'dns-packet';
import {
  decodeMessage,
  EdnsOptionCode,
  encodeMessage,
  MessageWriter,
  Name,
  parseZoneStream,
  parseZoneText,
  RRClass,
  RRType,
  recordFromText,
} from '../../libs/dns-wire/dist/index.js';

const SECONDS = Number(process.argv[2] ?? 1);
const ROUNDS = 7;

/** ops/s of `fn` over `ms` milliseconds. */
function rate(fn, ms) {
  let ops = 0;
  const start = performance.now();
  const deadline = start + ms;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 64; i++) fn();
    ops += 64;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Both functions in alternating short rounds, so that load from other processes
 * hits them alike; the medians are reported, with the median of per-round ratios.
 */
function compare(ours, theirs) {
  for (let i = 0; i < 5000; i++) {
    ours();
    theirs?.();
  }
  const a = [];
  const b = [];
  const ms = (SECONDS * 1000) / ROUNDS / (theirs ? 2 : 1);
  for (let r = 0; r < ROUNDS; r++) {
    a.push(rate(ours, ms));
    if (theirs) b.push(rate(theirs, ms));
  }
  return {
    ours: median(a),
    theirs: theirs ? median(b) : 0,
    ratio: theirs ? median(a.map((x, i) => x / b[i])) : 0,
  };
}

async function measureAsync(fn) {
  const start = performance.now();
  const n = await fn();
  return { n, seconds: (performance.now() - start) / 1000 };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
function row(name, ours, theirs) {
  const r = compare(ours, theirs);
  const ratio = theirs ? `${r.ratio.toFixed(2)}x` : '';
  console.log(
    `${name.padEnd(44)} ${fmt(r.ours)} ${theirs ? fmt(r.theirs) : ''.padStart(12)} ${ratio.padStart(8)}`,
  );
}

// A typical query: www.example.com A, EDNS with DO and a client cookie (what dig and resolvers send).
const origin = Name.parse('example.com.');
const cookie = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const query = encodeMessage({
  id: 0xbeef,
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
  questions: [{ name: Name.parse('www.example.com.'), type: RRType.A, class: RRClass.IN }],
  answers: [],
  authorities: [],
  additionals: [],
  edns: {
    udpPayloadSize: 1232,
    extendedRcode: 0,
    version: 0,
    dnssecOk: true,
    flags: 0x8000,
    options: [{ code: EdnsOptionCode.COOKIE, data: cookie }],
  },
});
const queryBuffer = Buffer.from(query);

// A typical answer: CNAME chain to two A records, two NS in authority, glue, OPT.
const rr = (line) => recordFromText(line, origin, 300);
const answers = [rr('www 300 IN CNAME web'), rr('web 60 IN A 192.0.2.10'), rr('web 60 IN A 192.0.2.11')];
const authorities = [rr('@ 3600 IN NS ns1'), rr('@ 3600 IN NS ns2')];
const additionals = [rr('ns1 3600 IN A 192.0.2.53'), rr('ns2 3600 IN AAAA 2001:db8::53')];
const edns = {
  udpPayloadSize: 1232,
  extendedRcode: 0,
  version: 0,
  dnssecOk: true,
  flags: 0x8000,
  options: [],
};
const answerMessage = {
  ...decodeMessage(query),
  qr: true,
  aa: true,
  answers,
  authorities,
  additionals,
  edns,
};
const packetAnswer = {
  type: 'response',
  id: 0xbeef,
  flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED,
  questions: [{ type: 'A', name: 'www.example.com' }],
  answers: [
    { type: 'CNAME', name: 'www.example.com', ttl: 300, data: 'web.example.com' },
    { type: 'A', name: 'web.example.com', ttl: 60, data: '192.0.2.10' },
    { type: 'A', name: 'web.example.com', ttl: 60, data: '192.0.2.11' },
  ],
  authorities: [
    { type: 'NS', name: 'example.com', ttl: 3600, data: 'ns1.example.com' },
    { type: 'NS', name: 'example.com', ttl: 3600, data: 'ns2.example.com' },
  ],
  additionals: [
    { type: 'A', name: 'ns1.example.com', ttl: 3600, data: '192.0.2.53' },
    { type: 'AAAA', name: 'ns2.example.com', ttl: 3600, data: '2001:db8::53' },
    { type: 'OPT', name: '.', udpPayloadSize: 1232, flags: dnsPacket.DNSSEC_OK, options: [] },
  ],
};
const answerBuffer = Buffer.from(encodeMessage(answerMessage));

// Both libraries must understand each other's bytes, or the comparison is meaningless.
if (dnsPacket.decode(queryBuffer).questions[0].name !== 'www.example.com') throw new Error('query mismatch');
if (decodeMessage(dnsPacket.encode(packetAnswer)).answers.length !== 3) throw new Error('answer mismatch');

const writer = new MessageWriter(1232);
function writeAnswer() {
  writer.reset(1232);
  writer.setHeader({ id: 0xbeef, qr: true, aa: true, rd: true });
  writer.addQuestion(answerMessage.questions[0]);
  writer.addRecord('answer', answers[0]);
  writer.addRRset('answer', [answers[1], answers[2]]);
  writer.addRRset('authority', authorities);
  writer.addRecord('additional', additionals[0]);
  writer.addRecord('additional', additionals[1]);
  writer.addOpt(edns);
  return writer.finish();
}

console.log(`node ${process.version}, ${SECONDS}s per case in ${ROUNDS} alternating rounds; ops/s (medians)`);
console.log(
  `${'case'.padEnd(44)} ${'dns-wire'.padStart(12)} ${'dns-packet'.padStart(12)} ${'ratio'.padStart(8)}`,
);
row(
  `decode query (${query.length} B)`,
  () => decodeMessage(queryBuffer),
  () => dnsPacket.decode(queryBuffer),
);
row(
  `encode answer (${answerBuffer.length} B), encodeMessage`,
  () => encodeMessage(answerMessage, { maxSize: 1232 }),
  () => dnsPacket.encode(packetAnswer),
);
row('encode answer, MessageWriter (reused)', writeAnswer, () => dnsPacket.encode(packetAnswer));
row(
  `decode answer (${answerBuffer.length} B)`,
  () => decodeMessage(answerBuffer),
  () => dnsPacket.decode(answerBuffer),
);

// Zone parsing: 100k records of mixed types (dns-packet has no zone-file parser).
const lines = [
  '$ORIGIN bench.test.',
  '$TTL 3600',
  '@ SOA ns1 hostmaster 1 7200 3600 1209600 300',
  '@ NS ns1',
  '@ NS ns2',
];
for (let i = 0; lines.length < 100000; i++) {
  lines.push(`host${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  lines.push(`host${i} AAAA 2001:db8::${(i & 0xffff).toString(16)}`);
  lines.push(`www${i} 300 CNAME host${i}`);
  lines.push(`host${i} TXT "v=spf1 ip4:10.0.0.0/8 -all" "record ${i}"`);
  lines.push(`_sip._tcp.host${i} SRV 10 20 5060 host${i}`);
  lines.push(`mail${i} MX 10 host${i}`);
}
const zoneText = `${lines.slice(0, 100000).join('\n')}\n`;
const sync = await measureAsync(async () => parseZoneText(zoneText).length);
const chunks = [];
for (let i = 0; i < zoneText.length; i += 65536) chunks.push(Buffer.from(zoneText.slice(i, i + 65536)));
const stream = await measureAsync(async () => {
  let n = 0;
  for await (const _ of parseZoneStream(chunks)) n++;
  return n;
});
console.log(
  `parse 100k-record zone, parseZoneText         ${fmt(sync.n / sync.seconds)} records/s (${sync.seconds.toFixed(2)} s)`,
);
console.log(
  `parse 100k-record zone, parseZoneStream       ${fmt(stream.n / stream.seconds)} records/s (${stream.seconds.toFixed(2)} s)`,
);
