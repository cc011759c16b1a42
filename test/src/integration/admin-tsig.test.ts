/**
 * TSIG keys through gRPC, stored in the TSIG_KEYS key-value bucket in exactly the form the
 * transfer code reads: key = lowercase name without the trailing dot (KV-illegal octets as =hh),
 * value = {"name":"key.name.","algorithm":"hmac-sha256","secret":"<base64>"}.
 */
import * as grpc from '@grpc/grpc-js';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { NatsServer } from '../harness/index.js';
import { natsConnection, Rpc, type StartedAdmin, startAdmin } from './admin-harness.js';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; rpc: Rpc; nc: NatsConnection }>;

const READER = 'reader-token-0123456789abcdef';

test.before(async (t) => {
  const nats = await NatsServer.start();
  const started = await startAdmin(nats.url, { config: `tokens:\n  - { token: ${READER}, role: reader }\n` });
  t.context = { nats, started, rpc: new Rpc(started.grpc), nc: await natsConnection(nats.url) };
});

test.after.always(async (t) => {
  t.context.rpc?.close();
  await t.context.nc?.close();
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

/** The contract's bucket key, written out independently of the admin's code. */
function contractKey(name: string): string {
  let out = '';
  for (const octet of Buffer.from(name.toLowerCase().replace(/\.$/, ''), 'utf8')) {
    const c = String.fromCharCode(octet);
    out += /[-/_.a-z0-9]/.test(c) ? c : `=${octet.toString(16).padStart(2, '0')}`;
  }
  return out;
}

async function bucketValue(nc: NatsConnection, key: string) {
  const kv = await new Kvm(nc).open('TSIG_KEYS');
  const e = await kv.get(key);
  return e && e.operation === 'PUT' ? (JSON.parse(e.string()) as Record<string, string>) : undefined;
}

test.serial(
  'create with a generated secret, for each algorithm; stored in TSIG_KEYS in the shared contract',
  async (t) => {
    const { rpc, nc } = t.context;
    for (const [algorithm, bytes] of [
      ['hmac-sha1', 64],
      ['hmac-sha256', 64],
      ['hmac-sha384', 128],
      ['hmac-sha512', 128],
    ] as const) {
      const name = `Xfer-${algorithm}.Example.`;
      const k = await rpc.call(rpc.tsig, rpc.tsig.createTsigKey, {
        name,
        algorithm,
        secret: '',
        replace: false,
      });
      t.is(k.name, `xfer-${algorithm}.example.`);
      t.is(k.algorithm, algorithm);
      t.is(Buffer.from(k.secret, 'base64').length, bytes);
      t.deepEqual(await bucketValue(nc, `xfer-${algorithm}.example`), {
        name: k.name,
        algorithm,
        secret: k.secret,
      });
    }
  },
);

test.serial(
  'create with a given secret; get returns it; list leaves secrets out; names with odd octets are escaped',
  async (t) => {
    const { rpc, nc } = t.context;
    await rpc.call(rpc.tsig, rpc.tsig.createTsigKey, {
      name: 'given.key',
      algorithm: 'hmac-sha256',
      secret: 'Zm9vYmFyYmF6',
      replace: false,
    });
    const got = await rpc.call(rpc.tsig, rpc.tsig.getTsigKey, { name: 'GIVEN.KEY.' });
    t.deepEqual([got.name, got.algorithm, got.secret], ['given.key.', 'hmac-sha256', 'Zm9vYmFyYmF6']);
    const list = await rpc.call(rpc.tsig, rpc.tsig.listTsigKeys, {});
    t.true(list.keys.some((k) => k.name === 'given.key.'));
    t.true(list.keys.every((k) => k.secret === ''));
    const odd = await rpc.call(rpc.tsig, rpc.tsig.createTsigKey, {
      name: 'odd\\ key',
      algorithm: 'hmac-sha256',
      secret: '',
      replace: false,
    });
    t.is((await bucketValue(nc, contractKey(odd.name)))?.name, odd.name);
    t.regex(contractKey(odd.name), /^odd=5c/);
  },
);

test.serial(
  'duplicates are ALREADY_EXISTS unless replaced (rotation); bad input is INVALID_ARGUMENT',
  async (t) => {
    const { rpc, nc } = t.context;
    const dup = await t.throwsAsync(
      rpc.call(rpc.tsig, rpc.tsig.createTsigKey, {
        name: 'given.key.',
        algorithm: 'hmac-sha256',
        secret: '',
        replace: false,
      }),
    );
    t.is((dup as grpc.ServiceError).code, grpc.status.ALREADY_EXISTS);
    const rotated = await rpc.call(rpc.tsig, rpc.tsig.createTsigKey, {
      name: 'given.key.',
      algorithm: 'hmac-sha512',
      secret: '',
      replace: true,
    });
    t.is((await bucketValue(nc, 'given.key'))?.secret, rotated.secret);
    for (const bad of [
      { name: 'k1', algorithm: 'hmac-md5', secret: '' },
      { name: 'k2', algorithm: 'hmac-sha256', secret: 'not base64 !' },
      { name: '.', algorithm: 'hmac-sha256', secret: '' },
    ]) {
      const e = await t.throwsAsync(rpc.call(rpc.tsig, rpc.tsig.createTsigKey, { ...bad, replace: false }));
      t.is((e as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT, JSON.stringify(bad));
    }
  },
);

test.serial('delete removes the bucket entry; a missing key is NOT_FOUND', async (t) => {
  const { rpc, nc } = t.context;
  await rpc.call(rpc.tsig, rpc.tsig.deleteTsigKey, { name: 'given.key' });
  t.is(await bucketValue(nc, 'given.key'), undefined);
  const e = await t.throwsAsync(rpc.call(rpc.tsig, rpc.tsig.getTsigKey, { name: 'given.key' }));
  t.is((e as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  const d = await t.throwsAsync(rpc.call(rpc.tsig, rpc.tsig.deleteTsigKey, { name: 'given.key' }));
  t.is((d as grpc.ServiceError).code, grpc.status.NOT_FOUND);
});

test.serial('secrets are for admins: readers list names only', async (t) => {
  const reader = new Rpc(t.context.started.grpc, READER);
  const list = await reader.call(reader.tsig, reader.tsig.listTsigKeys, {});
  t.true(list.keys.length > 0);
  for (const call of [
    () => reader.call(reader.tsig, reader.tsig.getTsigKey, { name: 'xfer-hmac-sha1.example.' }),
    () =>
      reader.call(reader.tsig, reader.tsig.createTsigKey, {
        name: 'r.key',
        algorithm: 'hmac-sha256',
        secret: '',
        replace: false,
      }),
    () => reader.call(reader.tsig, reader.tsig.deleteTsigKey, { name: 'xfer-hmac-sha1.example.' }),
  ]) {
    t.is(((await t.throwsAsync(call())) as grpc.ServiceError).code, grpc.status.PERMISSION_DENIED);
  }
  reader.close();
});
