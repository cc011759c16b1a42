/**
 * Keys as operators handle them: `dnsctl keys` (sign, list, ds, generate, delete), the key
 * records in the DNSSEC_KEYS bucket holding ciphertext only, and signers as a role that
 * survives the loss of one: a second signer with the same key-encryption key takes over the
 * same keys; one with another key-encryption key can sign nothing, so the write is refused
 * rather than published unsigned.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { decodeRdata, type RRSIGRdata, RRType } from '@shoal/dns-wire';
import { DNSSEC_KEYS_BUCKET, StoredKey } from '@shoal/dnssec-api';
import anyTest, { type TestFn } from 'ava';
import {
  AdminProcess,
  DNSCTL_MAIN,
  NatsServer,
  NodeProcess,
  query,
  TEST_TOKEN,
  waitFor,
} from '../harness/index.js';
import { SignerProcess } from './dnssec-support.js';

interface Context {
  nats: NatsServer;
  admin: AdminProcess;
  signer: SignerProcess;
  node: NodeProcess;
}
const test = anyTest as TestFn<Context>;
const ZONE = 'keys.test';

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'keys-1' });
  await admin.client().createZone({
    name: ZONE,
    nameservers: [`ns1.${ZONE}.`],
    rrsets: [{ name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] }],
  });
  t.context = { nats, admin, signer, node };
});

test.after.always(async (t) => {
  await t.context.node?.dispose();
  await t.context.signer?.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
});

function dnsctl(
  t: { context: Context },
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DNSCTL_MAIN, ...args],
      { env: { ...process.env, SHOAL_ADMIN_ADDR: t.context.admin.address, SHOAL_ADMIN_TOKEN: TEST_TOKEN } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const signerTag = async (t: { context: Context }, name: string) => {
  const m = await query(name, 'A', { port: t.context.node.dnsPort, dnssecOk: true });
  const sig = m.answers.find((r) => r.type === RRType.RRSIG);
  return sig ? (decodeRdata(RRType.RRSIG, sig.rdata) as RRSIGRdata).keyTag : undefined;
};

test.serial('dnsctl keys: sign, list, ds, generate, delete', async (t) => {
  const signed = await dnsctl(t, ['keys', 'sign', ZONE, '--nsec3']);
  t.is(signed.code, 0, signed.stderr);
  await waitFor('signed', async () => (await signerTag(t, `www.${ZONE}.`)) !== undefined, 20_000, 100);
  const list = await dnsctl(t, ['--json', 'keys', 'list', ZONE]);
  t.is(list.code, 0, list.stderr);
  const keys = JSON.parse(list.stdout) as { role: string; state: string; keyTag: number; id: string }[];
  t.deepEqual(keys.map((k) => `${k.role} ${k.state}`).sort(), ['ksk active', 'zsk active']);
  t.is(await signerTag(t, `www.${ZONE}.`), keys.find((k) => k.role === 'zsk')!.keyTag);
  const ds = await dnsctl(t, ['keys', 'ds', ZONE]);
  t.regex(
    ds.stdout,
    new RegExp(`^${ZONE}\\.\\tIN\\tDS\\t${keys.find((k) => k.role === 'ksk')!.keyTag} 13 2 `),
  );
  const human = await dnsctl(t, ['keys', 'list', ZONE]);
  t.regex(human.stdout, /ID +TAG +ROLE +ALG +STATE/);

  const generated = await dnsctl(t, [
    '--json',
    'keys',
    'generate',
    ZONE,
    '--role',
    'zsk',
    '--algorithm',
    '15',
  ]);
  t.is(generated.code, 0, generated.stderr);
  const [created] = JSON.parse(generated.stdout) as { id: string; state: string; algorithm: number }[];
  t.is(created.state, 'created');
  t.is(created.algorithm, 15);
  const refused = await dnsctl(t, ['keys', 'retire', ZONE, keys.find((k) => k.role === 'zsk')!.id]);
  t.not(refused.code, 0, 'the last signing ZSK cannot be retired');
  t.regex(refused.stderr, /last ZSK/);
  const deleted = await dnsctl(t, ['--json', 'keys', 'delete', ZONE, created.id]);
  t.is(deleted.code, 0, deleted.stderr);
  t.false((JSON.parse(deleted.stdout) as { id: string }[]).some((k) => k.id === created.id));
  const unknown = await dnsctl(t, ['keys', 'activate', ZONE, 'nosuchkey']);
  t.not(unknown.code, 0);
});

test.serial('the bucket holds ciphertext only', async (t) => {
  const nc = await connect({ servers: t.context.nats.url });
  try {
    const kv = await new Kvm(nc).open(DNSSEC_KEYS_BUCKET);
    let count = 0;
    // The DER of a PKCS#8 ECDSA key names the id-ecPublicKey OID (1.2.840.10045.2.1).
    const ecOid = Buffer.from('06072a8648ce3d0201', 'hex');
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      const value = Buffer.from(entry!.value);
      t.is(value.indexOf(ecOid), -1, `${key} holds no plain private key`);
      const stored = StoredKey.decode(value);
      t.is(stored.sealed?.cipher, 'aes-256-gcm');
      t.true((stored.sealed?.data.length ?? 0) > 100);
      count++;
    }
    t.is(count, 2);
  } finally {
    await nc.close();
  }
});

test.serial(
  'another signer with the same key-encryption key takes over; one with another key signs nothing',
  async (t) => {
    const { admin, nats } = t.context;
    const zsk = (await signerTag(t, `www.${ZONE}.`))!;
    const kekFile = t.context.signer.kekFile;
    await t.context.signer.process.stop();

    // A stranger: its key-encryption key opens none of the keys, so the write fails.
    const strangerKek = join(t.context.signer.dataDirectory, 'other-kek');
    writeFileSync(strangerKek, randomBytes(32).toString('hex'));
    const stranger = await SignerProcess.start(nats.url, { kekFile: strangerKek, id: 'stranger' });
    const error = await admin
      .client()
      .replaceRRset({ zone: ZONE, rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.81'] } })
      .catch((e) => e);
    t.truthy(error instanceof Error, 'refused');
    t.regex(String(error.details ?? error.message), /does not open|signer/);
    t.is(await signerTag(t, `www.${ZONE}.`), zsk, 'nothing unsigned was published');
    await stranger.dispose();

    const successor = await SignerProcess.start(nats.url, { kekFile, id: 'successor' });
    try {
      await admin
        .client()
        .replaceRRset({ zone: ZONE, rrset: { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.82'] } });
      const m = await waitFor('change served', async () => {
        const r = await query(`www.${ZONE}.`, 'A', { port: t.context.node.dnsPort, dnssecOk: true });
        return r.answers.some((a) => a.type === RRType.A && a.rdata[3] === 82) ? r : undefined;
      });
      const sig = m.answers.find((r) => r.type === RRType.RRSIG)!;
      t.is((decodeRdata(RRType.RRSIG, sig.rdata) as RRSIGRdata).keyTag, zsk, 'signed with the same ZSK');
    } finally {
      await successor.dispose();
    }
  },
);
