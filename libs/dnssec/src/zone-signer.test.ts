import { Name, RRType, rdataFromText, rdataToText } from '@shoal/dns-wire';
import test from 'ava';
import { Algorithm } from './algorithm.js';
import { verifyRRsig } from './rrsig.js';
import { verifyingKey } from './signing-key.js';
import { fixtureRecords, modelOf, newKeys, nowSeconds, soaBump, TEST_POLICY } from './test-support/zones.js';
import type { ModelRecord, ZoneModel } from './zone-model.js';
import { maintenanceDue, signZoneChange, unsignZone } from './zone-signer.js';

const keys = newKeys(Algorithm.ECDSAP256SHA256);

function signedModel(
  origin: string,
  denial: Parameters<typeof signZoneChange>[1]['denial'] = { kind: 'nsec' },
): ZoneModel {
  const model = modelOf(`${origin}.`, fixtureRecords(origin));
  const result = signZoneChange(model, { keys, denial, policy: TEST_POLICY, now: nowSeconds(), full: true });
  model.apply(result.removed, result.added);
  return model;
}

/** Every RRSIG in the zone verifies with a DNSKEY at the apex. */
function verifyAll(t: { true: (v: boolean, m?: string) => void }, model: ZoneModel): number {
  const dnskeys = model.get(model.origin, RRType.DNSKEY)!.rdatas.map(verifyingKey);
  let count = 0;
  for (const { owner, sets } of model.sortedOwners()) {
    for (const sig of sets.get(RRType.RRSIG)?.rdatas ?? []) {
      const type = (sig[0] << 8) | sig[1];
      const set = sets.get(type);
      const key = dnskeys.find((k) => k.keyTag === ((sig[16] << 8) | sig[17]));
      t.true(
        set !== undefined &&
          key !== undefined &&
          verifyRRsig({ owner, type, ttl: set.ttl, rdatas: set.rdatas }, sig, key),
        `${owner} ${type}`,
      );
      count++;
    }
  }
  return count;
}

test('a full signing signs every authoritative RRset once and nothing below a cut', (t) => {
  const model = signedModel('example.test');
  const count = verifyAll(t, model);
  t.true(count > 40);
  // Glue and the delegation's NS are not signed (RFC 4035 §2.2); DS and NSEC at the cut are.
  t.is(model.get(Name.parse('ns1.sub.example.test.'), RRType.RRSIG), undefined);
  t.is(model.get(Name.parse('ns1.sub.example.test.'), RRType.NSEC), undefined);
  const cutSigs = model
    .get(Name.parse('sub.example.test.'), RRType.RRSIG)!
    .rdatas.map((r) => (r[0] << 8) | r[1])
    .sort();
  t.deepEqual(cutSigs, [RRType.DS, RRType.NSEC].sort());
  // The apex NSEC lists the DNSSEC types too.
  const apexNsec = rdataToText(RRType.NSEC, model.get(model.origin, RRType.NSEC)!.rdatas[0]);
  t.regex(apexNsec, /^_xmpp\._tcp\.example\.test\. A NS SOA MX TXT AAAA RRSIG NSEC DNSKEY CDS CDNSKEY$/);
});

test('one changed record re-signs its RRset and the SOA, and leaves the chain alone', (t) => {
  const model = signedModel('example.test');
  const www = Name.parse('www.example.test.');
  const bump = soaBump(model);
  const change = {
    removed: [
      ...bump.removed,
      { owner: www, type: RRType.A, ttl: 3600, rdata: rdataFromText(RRType.A, '192.0.2.80') },
    ],
    added: [
      ...bump.added,
      { owner: www, type: RRType.A, ttl: 3600, rdata: rdataFromText(RRType.A, '192.0.2.81') },
    ],
  };
  const result = signZoneChange(model, {
    keys,
    denial: { kind: 'nsec' },
    policy: TEST_POLICY,
    now: nowSeconds(),
    change,
  });
  t.is(result.signatures, 2);
  t.deepEqual(summary(result.added), [
    'example.test. RRSIG SOA',
    'example.test. SOA',
    'www.example.test. A',
    'www.example.test. RRSIG A',
  ]);
  t.deepEqual(summary(result.removed), summary(result.added));
  // The change's own records come first, SOA leading (RFC 1995 §4).
  t.is(result.added[0].type, RRType.SOA);
  model.apply(result.removed, result.added);
  verifyAll(t, model);
});

test('a new name re-signs the NSEC before it and gets its own', (t) => {
  const model = signedModel('example.test');
  const name = Name.parse('wwx.example.test.');
  const bump = soaBump(model);
  const change = {
    removed: bump.removed,
    added: [
      ...bump.added,
      { owner: name, type: RRType.TXT, ttl: 60, rdata: rdataFromText(RRType.TXT, '"new"') },
    ],
  };
  const result = signZoneChange(model, {
    keys,
    denial: { kind: 'nsec' },
    policy: TEST_POLICY,
    now: nowSeconds(),
    change,
  });
  t.deepEqual(summary(result.added), [
    'example.test. RRSIG SOA',
    'example.test. SOA',
    'www.example.test. NSEC',
    'www.example.test. RRSIG NSEC',
    'wwx.example.test. NSEC',
    'wwx.example.test. RRSIG NSEC',
    'wwx.example.test. RRSIG TXT',
    'wwx.example.test. TXT',
  ]);
  t.is(result.signatures, 4);
});

test('nothing is re-signed before the refresh time, everything after it', (t) => {
  const model = signedModel('wild.test');
  const now = nowSeconds();
  const early = signZoneChange(model, {
    keys,
    denial: { kind: 'nsec' },
    policy: TEST_POLICY,
    now: now + 86400,
    full: true,
  });
  t.is(early.signatures, 0);
  t.is(early.added.length, 0);
  const late = signZoneChange(model, {
    keys,
    denial: { kind: 'nsec' },
    policy: TEST_POLICY,
    now: now + 10 * 86400,
    full: true,
  });
  t.true(late.signatures > 20);
  t.is(late.removed.length, late.signatures);
});

test('a first signing cut short by the signature budget is due until every RRset is signed', (t) => {
  const model = modelOf('example.test.', fixtureRecords('example.test'));
  const input = { keys, denial: { kind: 'nsec' } as const, policy: TEST_POLICY, now: nowSeconds() };
  t.true(maintenanceDue(model, input));
  let rounds = 0;
  while (maintenanceDue(model, input)) {
    const result = signZoneChange(model, { ...input, full: true, maxSignatures: 5 });
    model.apply(result.removed, result.added);
    t.true(++rounds < 50, 'the signing ends');
  }
  t.true(rounds > 1, `${rounds} rounds`);
  // The result is the zone a signing without a budget makes: every RRset signed, once per key.
  const whole = signedModel('example.test');
  t.is(verifyAll(t, model), verifyAll(t, whole));
});

test('switching to NSEC3 replaces the chain and adds NSEC3PARAM; signing is stable afterwards', (t) => {
  const model = signedModel('wild.test');
  const denial = {
    kind: 'nsec3' as const,
    params: { hashAlgorithm: 1, iterations: 0, salt: new Uint8Array(0) },
    optOut: false,
  };
  const result = signZoneChange(model, { keys, denial, policy: TEST_POLICY, now: nowSeconds(), full: true });
  model.apply(result.removed, result.added);
  const types = new Set([...model.records()].map((r) => r.type));
  t.false(types.has(RRType.NSEC));
  t.true(types.has(RRType.NSEC3));
  t.true(types.has(RRType.NSEC3PARAM));
  verifyAll(t, model);
  const again = signZoneChange(model, { keys, denial, policy: TEST_POLICY, now: nowSeconds(), full: true });
  t.is(again.added.length + again.removed.length, 0);
});

test('the model is unchanged by signing (the stream decides)', (t) => {
  const model = signedModel('wild.test');
  const before = [...model.records()].length;
  const bump = soaBump(model);
  signZoneChange(model, {
    keys,
    denial: { kind: 'nsec' },
    policy: TEST_POLICY,
    now: nowSeconds(),
    change: bump,
  });
  t.is([...model.records()].length, before);
});

test('unsigning removes every DNSSEC record and nothing else', (t) => {
  const model = signedModel('wild.test');
  const plain = fixtureRecords('wild.test').length;
  const { removed } = unsignZone(model);
  model.apply(removed, []);
  t.is([...model.records()].length, plain);
});

function summary(records: readonly ModelRecord[]): string[] {
  const lines = records.map(
    (r) => `${r.owner} ${r.type === RRType.RRSIG ? `RRSIG ${typeName(r.rdata)}` : typeName(r.type)}`,
  );
  return [...new Set(lines)].sort();
}

function typeName(value: Uint8Array | number): string {
  const type = typeof value === 'number' ? value : (value[0] << 8) | value[1];
  return Object.entries(RRType).find(([, v]) => v === type)?.[0] ?? String(type);
}
