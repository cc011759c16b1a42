/**
 * DNSSEC through the PowerDNS-compatible HTTP API, with real processes (NATS, admin, signer,
 * node): `dnssec` / `nsec3param` on the zone turn signing on and off through the same settings
 * path as gRPC's SetSigning, cryptokeys list, create, (de)activate and delete the signers' keys
 * in PowerDNS's shape (never a private key), and the signers' refusals come back as PowerDNS
 * statuses (404, 422 with the reason, 503 without a signer) and as gRPC codes.
 */
import * as grpc from '@grpc/grpc-js';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeRdata, type NSEC3PARAMRdata, RRType } from '@shoal/dns-wire';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { NatsServer, NodeProcess, query, waitFor } from '../harness/index.js';
import { http, natsConnection, type StartedAdmin, startAdmin, streamLastSequence } from './admin-harness.js';
import { DnssecClient, SignerProcess } from './dnssec-support.js';

interface Context {
  nats: NatsServer;
  started: StartedAdmin;
  signer: SignerProcess;
  node: NodeProcess;
  nc: NatsConnection;
  base: string;
  rpc: DnssecClient;
}
const test = anyTest as TestFn<Context>;

interface Cryptokey {
  type: string;
  id: number;
  active: boolean;
  published: boolean;
  keytype: string;
  flags: number;
  dnskey: string;
  algorithm: string;
  bits: number;
  ds?: string[];
  privatekey?: string;
}

test.before(async (t) => {
  const nats = await NatsServer.start();
  const started = await startAdmin(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, { nodeId: 'pdns-dnssec-1' });
  t.context = {
    nats,
    started,
    signer,
    node,
    nc: await natsConnection(nats.url),
    base: `${started.pdnsUrl}/api/v1/servers/localhost`,
    rpc: new DnssecClient(started.grpc),
  };
  for (const name of ['signed.test.', 'later.test.']) {
    const r = await http(t.context.base, 'POST', '/zones', {
      body: {
        name,
        kind: 'Native',
        nameservers: [`ns1.${name}`],
        rrsets: [
          { name: `www.${name}`, type: 'A', ttl: 300, records: [{ content: '192.0.2.80', disabled: false }] },
        ],
      },
    });
    t.is(r.status, 201, r.text);
  }
});

test.after.always(async (t) => {
  t.context.rpc?.close();
  await t.context.nc?.close();
  await t.context.node?.dispose();
  await t.context.signer?.dispose();
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

type T = ExecutionContext<Context>;

const zone = async (t: T, name: string) =>
  (await http(t.context.base, 'GET', `/zones/${name}?rrsets=false`)).json as Record<string, unknown>;

const keysOf = async (t: T, name: string) => {
  const r = await http(t.context.base, 'GET', `/zones/${name}/cryptokeys`);
  t.is(r.status, 200, r.text);
  return r.json as Cryptokey[];
};

/** The flags of the DNSKEY RRset a node serves, sorted. */
const servedKeyFlags = async (t: T, name: string) => {
  const m = await query(name, 'DNSKEY', { port: t.context.node.dnsPort, dnssecOk: true });
  return m.answers
    .filter((r) => r.type === RRType.DNSKEY)
    .map((r) => (decodeRdata(RRType.DNSKEY, r.rdata) as { flags: number }).flags)
    .sort();
};

const hasRrsig = async (t: T, name: string) => {
  const m = await query(name, 'A', { port: t.context.node.dnsPort, dnssecOk: true });
  return m.answers.some((r) => r.type === RRType.RRSIG);
};

/** A request answered with `status` (the signers append on their own, so the stream may move). */
async function answered(t: T, status: number, request: () => ReturnType<typeof http>) {
  const r = await request();
  t.is(r.status, status, r.text);
  return r;
}

/** A request refused with `status` that wrote nothing (only where no signer runs). */
async function refused(t: T, status: number, request: () => ReturnType<typeof http>) {
  const before = await streamLastSequence(t.context.nc);
  const r = await answered(t, status, request);
  t.is(await streamLastSequence(t.context.nc), before, 'nothing written');
  return r;
}

test.serial('PUT dnssec: true signs the zone; cryptokeys lists the keys in PowerDNS shape', async (t) => {
  const { base } = t.context;
  t.like(await zone(t, 'signed.test.'), { dnssec: false, nsec3param: '', nsec3narrow: false });
  t.deepEqual(await keysOf(t, 'signed.test.'), [], 'no keys yet');
  const put = await http(base, 'PUT', '/zones/signed.test.', { body: { dnssec: true } });
  t.is(put.status, 204, put.text);
  t.like(await zone(t, 'signed.test.'), { dnssec: true, nsec3param: '' });
  const list = (await http(base, 'GET', '/zones')).json as { name: string; dnssec: boolean }[];
  t.deepEqual(
    list.map((z) => [z.name, z.dnssec]),
    [
      ['later.test.', false],
      ['signed.test.', true],
    ],
  );
  // The signers create the keys and sign the zone on their next pass.
  const keys = await waitFor('keys', async () => {
    const k = await keysOf(t, 'signed.test.');
    return k.length === 2 && k.every((x) => x.active) ? k : undefined;
  });
  await waitFor('signed answers', () => hasRrsig(t, 'www.signed.test.'), 20_000, 100);
  const ksk = keys.find((k) => k.keytype === 'ksk')!;
  const zsk = keys.find((k) => k.keytype === 'zsk')!;
  t.like(ksk, {
    type: 'Cryptokey',
    active: true,
    published: true,
    flags: 257,
    algorithm: 'ECDSAP256SHA256',
    bits: 256,
  });
  t.like(zsk, { type: 'Cryptokey', active: true, published: true, flags: 256, bits: 256 });
  t.regex(ksk.dnskey, /^257 3 13 [A-Za-z0-9+/]{86}==$/);
  t.is(typeof ksk.id, 'number');
  t.is(ksk.privatekey, undefined, 'private keys never leave the signers');
  t.is(zsk.ds, undefined, 'a ZSK has no DS');
  t.deepEqual(
    ksk.ds?.map((d) => d.replace(/[0-9a-f]+$/, (h) => `<${h.length}>`)),
    [`${ksk.id} 13 2 <64>`, `${ksk.id} 13 4 <96>`],
  );
  // The same keys as gRPC's DnssecService lists, and as the node serves.
  const grpcKeys = (await t.context.rpc.listKeys('signed.test.')).keys;
  t.deepEqual(grpcKeys.map((k) => k.keyTag).sort(), keys.map((k) => k.id).sort());
  const grpcDs = grpcKeys
    .find((k) => k.role === 'ksk')!
    .ds.replace(/\s+/g, '')
    .toLowerCase();
  t.is(ksk.ds![0].replace(/\s+/g, '').toLowerCase(), grpcDs);
  t.deepEqual(await servedKeyFlags(t, 'signed.test.'), [256, 257]);
  const one = await http(base, 'GET', `/zones/signed.test./cryptokeys/${ksk.id}`);
  t.deepEqual(one.json, ksk);
  const bySignerId = grpcKeys.find((k) => k.role === 'ksk')!.id;
  t.deepEqual((await http(base, 'GET', `/zones/signed.test./cryptokeys/${bySignerId}`)).json, ksk);
  await answered(t, 404, () => http(base, 'GET', '/zones/signed.test./cryptokeys/4242424'));
  await answered(t, 404, () => http(base, 'GET', '/zones/nonexist.test./cryptokeys'));
  t.deepEqual((await http(base, 'PUT', '/zones/signed.test./rectify')).json, { result: 'Rectified' });
});

test.serial('nsec3param switches the chain; what PowerDNS refuses is refused the same way', async (t) => {
  const { base, node } = t.context;
  const put = await http(base, 'PUT', '/zones/signed.test.', { body: { nsec3param: '1 0 0 ab' } });
  t.is(put.status, 204, put.text);
  t.like(await zone(t, 'signed.test.'), { dnssec: true, nsec3param: '1 0 0 ab', nsec3narrow: false });
  const served = await waitFor(
    'NSEC3PARAM served',
    async () => {
      const m = await query('signed.test.', 'NSEC3PARAM', { port: node.dnsPort, dnssecOk: true });
      const rr = m.answers.find((r) => r.type === RRType.NSEC3PARAM);
      return rr ? (decodeRdata(RRType.NSEC3PARAM, rr.rdata) as NSEC3PARAMRdata) : undefined;
    },
    20_000,
    100,
  );
  t.is(Buffer.from(served.salt).toString('hex'), 'ab');
  const error = async (body: unknown, message: string | RegExp, name = 'signed.test.') => {
    const r = await answered(t, 422, () => http(base, 'PUT', `/zones/${name}`, { body }));
    if (typeof message === 'string') t.deepEqual(r.json, { error: message });
    else t.regex((r.json as { error: string }).error, message);
  };
  await error(
    { nsec3param: '2 0 0 -' },
    "NSEC3PARAMs provided for zone 'signed.test.' are invalid. Invalid hash algorithm for NSEC3: '2', the only valid value is '1'.",
  );
  await error(
    { nsec3param: '1 0 501 -' },
    /^NSEC3PARAMs provided for zone 'signed\.test\.' are invalid\. at most 500/,
  );
  await error({ nsec3param: '1 0 0 -', nsec3narrow: true }, /narrow mode is not supported/);
  await error(
    { nsec3param: '1 0 0 -' },
    "NSEC3PARAM value provided for zone 'later.test.', but zone is not DNSSEC secured.",
    'later.test.',
  );
  // "" is NSEC again.
  t.is((await http(base, 'PUT', '/zones/signed.test.', { body: { nsec3param: '' } })).status, 204);
  t.like(await zone(t, 'signed.test.'), { dnssec: true, nsec3param: '' });
  // A document that says what already is changes nothing.
  await answered(t, 204, () =>
    http(base, 'PUT', '/zones/signed.test.', { body: { dnssec: true, nsec3narrow: false } }),
  );
});

test.serial('cryptokeys: create, activate, deactivate, delete; refusals carry the reason', async (t) => {
  const { base } = t.context;
  const path = '/zones/signed.test./cryptokeys';
  const created = await http(base, 'POST', path, {
    body: { keytype: 'zsk', active: false, published: false, algorithm: 'ED25519' },
  });
  t.is(created.status, 201, created.text);
  const key = created.json as Cryptokey;
  t.like(key, {
    type: 'Cryptokey',
    keytype: 'zsk',
    active: false,
    published: false,
    flags: 256,
    algorithm: 'ED25519',
    bits: 256,
  });
  t.true((await keysOf(t, 'signed.test.')).some((k) => k.id === key.id));

  const refusal = async (method: string, p: string, body: unknown, status: number, message: RegExp) => {
    const r = await answered(t, status, () => http(base, method, p, { body, accept: 'application/json' }));
    t.regex((r.json as { error: string }).error, message, `${method} ${p} ${JSON.stringify(body)}`);
  };
  await refusal(
    'POST',
    path,
    { keytype: 'ksk', privatekey: 'Private-key-format: v1.2\n' },
    422,
    /private key/,
  );
  await refusal('POST', path, { keytype: 'foo' }, 422, /^Invalid keytype foo$/);
  await refusal('POST', path, { keytype: 'zsk', algorithm: 'nope' }, 422, /^Unknown algorithm: nope$/);
  await refusal('POST', path, { keytype: 'zsk', algorithm: 'RSASHA1' }, 422, /algorithm/i);
  await refusal('POST', path, { keytype: 'zsk', algorithm: 13, bits: 1024 }, 422, /bit size/);
  await refusal('POST', path, { keytype: 'zsk', active: true, published: false }, 422, /unpublished/);
  await refusal('PUT', `${path}/${key.id}`, { published: true }, 422, /'active' not present/);
  await refusal('PUT', `${path}/${key.id}`, { active: false, published: true }, 422, /Could not publish/);

  // Activated while another ZSK signs: pre-published first (published, not yet signing).
  t.is((await http(base, 'PUT', `${path}/${key.id}`, { body: { active: true } })).status, 204);
  const activated = (await keysOf(t, 'signed.test.')).find((k) => k.id === key.id)!;
  t.true(activated.published, 'in the DNSKEY RRset');
  await waitFor(
    'the new ZSK served',
    async () => (await servedKeyFlags(t, 'signed.test.')).length === 3,
    20_000,
    100,
  );
  // Deactivated: it stops signing and stays published until the retire interval has passed.
  t.is((await http(base, 'PUT', `${path}/${key.id}`, { body: { active: false } })).status, 204);
  t.like(
    (await keysOf(t, 'signed.test.')).find((k) => k.id === key.id),
    { active: false, published: true },
  );
  await refusal('DELETE', `${path}/${key.id}`, undefined, 422, /DNSKEY RRset/);
  // The zone's last signing ZSK cannot be deactivated.
  const zsk = (await keysOf(t, 'signed.test.')).find((k) => k.keytype === 'zsk' && k.active)!;
  await refusal('PUT', `${path}/${zsk.id}`, { active: false }, 422, /last ZSK/);

  // A key that never was published is deleted.
  const spare = (
    await http(base, 'POST', path, { body: { keytype: 'zsk', active: false, published: false } })
  ).json as Cryptokey;
  t.is((await http(base, 'DELETE', `${path}/${spare.id}`)).status, 204);
  t.false((await keysOf(t, 'signed.test.')).some((k) => k.id === spare.id));
  await answered(t, 404, () => http(base, 'DELETE', `${path}/${spare.id}`));
  await answered(t, 404, () => http(base, 'PUT', `${path}/${spare.id}`, { body: { active: true } }));
});

test.serial('gRPC DnssecService: the signers refusals have their own codes', async (t) => {
  const { rpc } = t.context;
  const code = async (call: Promise<unknown>) => {
    const e = (await call.then(
      () => undefined,
      (err) => err,
    )) as grpc.ServiceError;
    t.truthy(e, 'refused');
    return [e.code, e.details] as const;
  };
  const [notFound, why1] = await code(rpc.retire('signed.test', 'nosuchkey'));
  t.is(notFound, grpc.status.NOT_FOUND);
  t.regex(why1, /has no key nosuchkey/);
  const zsk = (await rpc.listKeys('signed.test')).keys.find((k) => k.role === 'zsk' && k.state === 'active')!;
  const [precondition, why2] = await code(rpc.retire('signed.test', zsk.id));
  t.is(precondition, grpc.status.FAILED_PRECONDITION);
  t.regex(why2, /last ZSK/);
  const [invalid, why3] = await code(rpc.generateKey({ zone: 'signed.test', role: 'zsk', algorithm: 7 }));
  t.is(invalid, grpc.status.INVALID_ARGUMENT);
  t.regex(why3, /algorithm/i);
  const [zoneMissing] = await code(rpc.generateKey({ zone: 'nonexist.test', role: 'zsk' }));
  t.is(zoneMissing, grpc.status.NOT_FOUND);
});

test.serial('a zone created signed, and a key POSTed active, sign zones as in PowerDNS', async (t) => {
  const { base } = t.context;
  const made = await http(base, 'POST', '/zones', {
    body: {
      name: 'born.test.',
      kind: 'Native',
      nameservers: ['ns1.born.test.'],
      dnssec: true,
      nsec3param: '1 0 0 -',
      rrsets: [
        { name: 'www.born.test.', type: 'A', ttl: 300, records: [{ content: '192.0.2.1', disabled: false }] },
      ],
    },
  });
  t.is(made.status, 201, made.text);
  t.like(made.json, { dnssec: true, nsec3param: '1 0 0 -' });
  // Its ZoneCreated was signed: keys and signatures exist from the first event on.
  t.true((await keysOf(t, 'born.test.')).length >= 1);
  t.true(
    ((made.json as { rrsets: { type: string }[] }).rrsets ?? []).some((r) => r.type === 'RRSIG'),
    'created with its signatures',
  );
  await waitFor('served signed', () => hasRrsig(t, 'www.born.test.'), 20_000, 100);

  const ksk = await http(base, 'POST', '/zones/later.test./cryptokeys', {
    body: { keytype: 'ksk', active: true },
  });
  t.is(ksk.status, 201, ksk.text);
  t.like(ksk.json, { keytype: 'ksk', active: true, published: true, flags: 257 });
  t.like(await zone(t, 'later.test.'), { dnssec: true });
  await waitFor('later.test signed', () => hasRrsig(t, 'www.later.test.'), 20_000, 100);
});

test.serial('PUT dnssec: false unsigns the zone', async (t) => {
  const { base } = t.context;
  t.is((await http(base, 'PUT', '/zones/later.test.', { body: { dnssec: false } })).status, 204);
  t.like(await zone(t, 'later.test.'), { dnssec: false, nsec3param: '' });
  await waitFor('unsigned answers', async () => !(await hasRrsig(t, 'www.later.test.')), 20_000, 100);
});

test.serial('without a signer: 503 (UNAVAILABLE) for signed zones, no keys for unsigned ones', async (t) => {
  const { base, rpc } = t.context;
  await t.context.signer.stop();
  {
    t.deepEqual(await keysOf(t, 'later.test.'), [], 'an unsigned zone has no keys to list');
    const list = await refused(t, 503, () =>
      http(base, 'GET', '/zones/signed.test./cryptokeys', { accept: 'application/json' }),
    );
    t.regex((list.json as { error: string }).error, /no signer answered/);
    const patch = await refused(t, 503, () =>
      http(base, 'PATCH', '/zones/signed.test.', {
        accept: 'application/json',
        body: {
          rrsets: [
            {
              name: 'www.signed.test.',
              type: 'A',
              ttl: 300,
              changetype: 'REPLACE',
              records: [{ content: '192.0.2.99', disabled: false }],
            },
          ],
        },
      }),
    );
    t.regex((patch.json as { error: string }).error, /signer/);
    await refused(t, 503, () =>
      http(base, 'POST', '/zones/later.test./cryptokeys', { body: { keytype: 'zsk' } }),
    );
    const e = (await rpc.listKeys('signed.test').then(
      () => undefined,
      (err) => err,
    )) as grpc.ServiceError;
    t.is(e?.code, grpc.status.UNAVAILABLE);
  }
});
