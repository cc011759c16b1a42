/**
 * Zones signed here are checked by the tools operators trust: BIND's dnssec-verify and
 * ldns-verify-zone, for every algorithm and every kind of chain. Fails when a tool is missing
 * (scripts/setup.sh installs bind9-utils and ldnsutils).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Name, RRClass, writeZoneText } from '@shoal/dns-wire';
import test from 'ava';
import { Algorithm } from './algorithm.js';
import type { Denial } from './chain.js';
import { fixtureRecords, modelOf, newKeys, nowSeconds, TEST_POLICY } from './test-support/zones.js';
import { signZoneChange } from './zone-signer.js';

const nsec3 = (optOut: boolean, iterations = 0, salt = ''): Denial => ({
  kind: 'nsec3',
  params: { hashAlgorithm: 1, iterations, salt: new Uint8Array(Buffer.from(salt, 'hex')) },
  optOut,
});

const denials: [string, Denial][] = [
  ['NSEC', { kind: 'nsec' }],
  ['NSEC3', nsec3(false)],
  ['NSEC3 opt-out', nsec3(true)],
  ['NSEC3 salted, 5 iterations', nsec3(false, 5, 'cafe')],
];

const run = (command: string, args: string[]) =>
  execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
  });

for (const algorithm of [Algorithm.ECDSAP256SHA256, Algorithm.ED25519, Algorithm.RSASHA256]) {
  for (const [label, denial] of denials) {
    for (const origin of ['example.test', 'wild.test']) {
      test(`${origin}, algorithm ${algorithm}, ${label}: dnssec-verify and ldns-verify-zone accept it`, (t) => {
        const model = modelOf(`${origin}.`, fixtureRecords(origin));
        const keys = newKeys(algorithm);
        const result = signZoneChange(model, {
          keys,
          denial,
          policy: TEST_POLICY,
          now: nowSeconds(),
          full: true,
        });
        model.apply(result.removed, result.added);
        const records = [...model.records()].map((r) => ({
          name: r.owner,
          type: r.type,
          class: RRClass.IN,
          ttl: r.ttl,
          rdata: r.rdata,
        }));
        const dir = mkdtempSync(join(tmpdir(), 'shoal-dnssec-'));
        try {
          const file = join(dir, `${origin}.zone`);
          writeFileSync(file, writeZoneText(records, { origin: Name.parse(`${origin}.`) }));
          const bind = run('dnssec-verify', ['-o', `${origin}.`, file]);
          t.regex(bind, /Zone fully signed/);
          const ldns = spawnSync('ldns-verify-zone', ['-V', '3', file], { encoding: 'utf8' });
          t.is(ldns.status, 0, `ldns-verify-zone: ${ldns.stdout}${ldns.stderr}`);
          t.regex(ldns.stdout + ldns.stderr, /Zone is verified and complete/);
        } catch (error) {
          const e = error as { stdout?: string; stderr?: string; message: string };
          t.fail(`${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
}
