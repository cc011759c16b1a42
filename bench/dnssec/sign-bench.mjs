// Signing speed of @shoal/dnssec: signatures and verifications per second for each algorithm
// (one A RRset of two records, as most RRsets are), then the time to sign a 100,000-record
// zone from scratch (NSEC and NSEC3) and to sign one change to it afterwards (one record of
// one RRset changed: that RRset and the SOA are re-signed, the chain is updated around it).
//
// Usage: npx tsc -b libs/dnssec && node bench/dnssec/sign-bench.mjs [--records N] [--ms N]
import { parseArgs } from 'node:util';
import { Name, RRType, rdataFromText } from '../../libs/dns-wire/dist/index.js';
import {
  Algorithm,
  DEFAULT_SIGNATURE_POLICY,
  generateSigningKey,
  signRRset,
  signZoneChange,
  verifyingKey,
  verifyRRsig,
  ZoneModel,
} from '../../libs/dnssec/dist/index.js';

const { values: args } = parseArgs({
  options: { records: { type: 'string', default: '100000' }, ms: { type: 'string', default: '2000' } },
});
const origin = Name.parse('bench.test.');
const now = Math.floor(Date.now() / 1000);
const validity = { inception: now - 3600, expiration: now + 14 * 86400 };
const rrset = {
  owner: Name.parse('www.bench.test.'),
  type: RRType.A,
  ttl: 300,
  rdatas: [rdataFromText(RRType.A, '192.0.2.1'), rdataFromText(RRType.A, '192.0.2.2')],
};

function rate(fn, ms) {
  for (let i = 0; i < 50; i++) fn();
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
  }
  return (n * 1000) / ms;
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const results = { algorithms: [], zone: [] };
console.log('algorithm              sign/s   verify/s');
for (const [name, algorithm] of [
  ['ECDSAP256SHA256 (13)', Algorithm.ECDSAP256SHA256],
  ['ED25519 (15)', Algorithm.ED25519],
  ['RSASHA256-2048 (8)', Algorithm.RSASHA256],
]) {
  const key = generateSigningKey(algorithm, 'zsk');
  const sig = signRRset(rrset, key, origin, validity);
  const verifier = verifyingKey(key.dnskey);
  const sign = rate(() => signRRset(rrset, key, origin, validity), Number(args.ms));
  const verify = rate(() => verifyRRsig(rrset, sig, verifier), Number(args.ms));
  results.algorithms.push({ name, sign, verify });
  console.log(`${name.padEnd(20)} ${fmt(sign).padStart(9)} ${fmt(verify).padStart(10)}`);
}

/** A zone of about `count` records: hosts with A, every other one AAAA, every tenth TXT. */
function bigZone(count) {
  const model = new ZoneModel(origin);
  const records = [
    {
      owner: origin,
      type: RRType.SOA,
      ttl: 3600,
      rdata: rdataFromText(RRType.SOA, 'ns1.bench.test. hostmaster.bench.test. 1 3600 600 604800 300'),
    },
    { owner: origin, type: RRType.NS, ttl: 3600, rdata: rdataFromText(RRType.NS, 'ns1.bench.test.') },
  ];
  for (let i = 0; records.length < count; i++) {
    const owner = Name.parse(`host${i}.bench.test.`);
    records.push({
      owner,
      type: RRType.A,
      ttl: 3600,
      rdata: rdataFromText(RRType.A, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`),
    });
    if (i % 2 === 0)
      records.push({
        owner,
        type: RRType.AAAA,
        ttl: 3600,
        rdata: rdataFromText(RRType.AAAA, `2001:db8::${i.toString(16)}`),
      });
    if (i % 10 === 0)
      records.push({ owner, type: RRType.TXT, ttl: 3600, rdata: rdataFromText(RRType.TXT, `"host ${i}"`) });
  }
  model.apply([], records);
  return { model, records: records.length };
}

console.log(`\nsigning a ${fmt(Number(args.records))}-record zone from scratch (KSK + ZSK, one core)`);
console.log('algorithm              chain    records  RRsets signed   seconds   one change (ms)');
for (const [name, algorithm] of [
  ['ECDSAP256SHA256 (13)', Algorithm.ECDSAP256SHA256],
  ['ED25519 (15)', Algorithm.ED25519],
  ['RSASHA256-2048 (8)', Algorithm.RSASHA256],
]) {
  for (const denial of [
    { kind: 'nsec' },
    { kind: 'nsec3', params: { hashAlgorithm: 1, iterations: 0, salt: new Uint8Array(0) }, optOut: false },
  ]) {
    if (algorithm === Algorithm.RSASHA256 && denial.kind === 'nsec3') continue;
    const { model, records } = bigZone(Number(args.records));
    const ksk = generateSigningKey(algorithm, 'ksk');
    const zsk = generateSigningKey(algorithm, 'zsk');
    const keys = {
      dnskeys: [ksk.dnskey, zsk.dnskey],
      zoneSigners: [zsk],
      keySigners: [ksk],
      parentKeys: [ksk.dnskey],
    };
    const started = performance.now();
    const result = signZoneChange(model, { keys, denial, policy: DEFAULT_SIGNATURE_POLICY, now, full: true });
    const seconds = (performance.now() - started) / 1000;
    model.apply(result.removed, result.added);
    // One changed record afterwards: its RRset, the SOA (and nothing of the chain).
    const owner = Name.parse('host7.bench.test.');
    const soa = model.get(origin, RRType.SOA);
    const soaNext = rdataFromText(RRType.SOA, 'ns1.bench.test. hostmaster.bench.test. 2 3600 600 604800 300');
    const change = {
      removed: [
        { owner: origin, type: RRType.SOA, ttl: soa.ttl, rdata: soa.rdatas[0] },
        { owner, type: RRType.A, ttl: 3600, rdata: model.get(owner, RRType.A).rdatas[0] },
      ],
      added: [
        { owner: origin, type: RRType.SOA, ttl: soa.ttl, rdata: soaNext },
        { owner, type: RRType.A, ttl: 3600, rdata: rdataFromText(RRType.A, '192.0.2.7') },
      ],
    };
    // The first change after a load also sorts the chain's index once; time the second.
    signZoneChange(model, { keys, denial, policy: DEFAULT_SIGNATURE_POLICY, now, change });
    const changeStarted = performance.now();
    const one = signZoneChange(model, { keys, denial, policy: DEFAULT_SIGNATURE_POLICY, now, change });
    const changeMs = performance.now() - changeStarted;
    results.zone.push({
      name,
      chain: denial.kind,
      records,
      signatures: result.signatures,
      seconds,
      changeMs,
      changeSignatures: one.signatures,
    });
    console.log(
      `${name.padEnd(20)} ${denial.kind.padEnd(6)} ${fmt(records).padStart(9)} ${fmt(result.signatures).padStart(14)} ${fmt(seconds, 2).padStart(9)} ${fmt(changeMs, 1).padStart(10)} (${one.signatures} signatures)`,
    );
  }
}
console.log(`\n${JSON.stringify(results)}`);
