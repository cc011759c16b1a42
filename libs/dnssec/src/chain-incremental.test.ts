import { Name, RRType, rdataFromText } from '@shoal/dns-wire';
import test from 'ava';
import { Algorithm } from './algorithm.js';
import { type Denial, Nsec3Hasher, nsec3Chain, nsecChain } from './chain.js';
import { fixtureRecords, modelOf, newKeys, nowSeconds, soaBump, TEST_POLICY } from './test-support/zones.js';
import type { ModelRecord, ZoneModel } from './zone-model.js';
import { signZoneChange } from './zone-signer.js';

const keys = newKeys(Algorithm.ED25519);
const params = { hashAlgorithm: 1, iterations: 0, salt: new Uint8Array(0) };

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The chain in the model, as text, in owner order. */
function chainIn(model: ZoneModel, type: number): string[] {
  const out: string[] = [];
  for (const r of model.records())
    if (r.type === type) out.push(`${r.owner.key} ${r.ttl} ${Buffer.from(r.rdata).toString('hex')}`);
  return out.sort();
}

function chainWanted(model: ZoneModel, denial: Denial): string[] {
  const records =
    denial.kind === 'nsec'
      ? nsecChain(model)
      : nsec3Chain(model, new Nsec3Hasher(denial.params), denial.optOut);
  return records.map((r) => `${r.owner.key} ${r.ttl} ${Buffer.from(r.rdata).toString('hex')}`).sort();
}

const LABELS = ['a', 'b', 'c', 'x', 'ent', 'www', 'zz', '*', 'sub'];

for (const [label, denial] of [
  ['NSEC', { kind: 'nsec' }],
  ['NSEC3', { kind: 'nsec3', params, optOut: false }],
  ['NSEC3 opt-out', { kind: 'nsec3', params, optOut: true }],
] as [string, Denial][]) {
  test(`${label}: the chain kept up to date around each change equals the chain computed whole`, (t) => {
    const model = modelOf('example.test.', fixtureRecords('example.test'));
    const first = signZoneChange(model, { keys, denial, policy: TEST_POLICY, now: nowSeconds(), full: true });
    model.apply(first.removed, first.added);
    const next = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    for (let step = 0; step < 150; step++) {
      const bump = soaBump(model);
      const change: { removed: ModelRecord[]; added: ModelRecord[] } = {
        removed: [...bump.removed],
        added: [...bump.added],
      };
      const depth = 1 + Math.floor(next() * 3);
      const labels = Array.from({ length: depth }, () => pick(LABELS));
      const owner = Name.parse(`${labels.join('.')}.example.test.`);
      const existing = model.get(owner, RRType.TXT);
      if (existing && next() < 0.6) {
        change.removed.push(
          ...existing.rdatas.map((rdata) => ({ owner, type: RRType.TXT, ttl: existing.ttl, rdata })),
        );
      } else {
        change.added.push({
          owner,
          type: RRType.TXT,
          ttl: 300,
          rdata: rdataFromText(RRType.TXT, `"step ${step}"`),
        });
      }
      // Now and then a delegation, with or without DS (a full recomputation, for comparison too).
      if (next() < 0.05) {
        const cut = Name.parse(`${pick(LABELS.filter((l) => l !== '*'))}.example.test.`);
        change.added.push({
          owner: cut,
          type: RRType.NS,
          ttl: 300,
          rdata: rdataFromText(RRType.NS, 'ns.outside.invalid.'),
        });
      }
      const result = signZoneChange(model, { keys, denial, policy: TEST_POLICY, now: nowSeconds(), change });
      model.apply(result.removed, result.added);
      const have = chainIn(model, denial.kind === 'nsec' ? RRType.NSEC : RRType.NSEC3);
      const want = chainWanted(model, denial);
      if (have.join('\n') !== want.join('\n')) {
        t.deepEqual(have, want, `step ${step}: ${owner}`);
        return;
      }
    }
    t.pass();
  });
}
