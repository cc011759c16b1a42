/**
 * The PowerDNS-compatible HTTP API of the admin, through a real process: the documented
 * requests, API keys and roles, bad input (malformed JSON, wrong key, unknown zone, every rule)
 * refused with PowerDNS's status and body and the stream untouched, and the same event path as
 * gRPC (one event per PATCH, provenance, settings visible through gRPC).
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeEvent } from '@shoal/events';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { NatsServer, waitFor } from '../harness/index.js';
import {
  http,
  natsConnection,
  Rpc,
  type StartedAdmin,
  startAdmin,
  streamLastSequence,
} from './admin-harness.js';

const READ_KEY = 'pdns-reader-key-0123456789';
const TEAM_KEY = 'pdns-team-key-0123456789ab';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; nc: NatsConnection; base: string }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const started = await startAdmin(nats.url, {
    config: [
      'pdns_api:',
      '  keys:',
      `    - { key: ${READ_KEY}, role: reader, name: ui-readonly }`,
      `    - { key: ${TEAM_KEY}, role: writer, zones: [team.org], name: external-dns }`,
    ].join('\n'),
  });
  t.context = {
    nats,
    started,
    nc: await natsConnection(nats.url),
    base: `${started.pdnsUrl}/api/v1/servers/localhost`,
  };
});

test.after.always(async (t) => {
  await t.context.nc?.close();
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

/** Runs a request that must be refused with `status` and leave the stream as it was. */
async function refused(
  t: ExecutionContext<{ nc: NatsConnection }>,
  status: number,
  request: () => ReturnType<typeof http>,
) {
  const before = await streamLastSequence(t.context.nc);
  const r = await request();
  t.is(r.status, status, r.text);
  t.is(await streamLastSequence(t.context.nc), before, 'nothing written');
  return r;
}

const rrset = (name: string, type: string, records: string[], ttl = 3600, changetype = 'REPLACE') => ({
  name,
  type,
  ttl,
  changetype,
  records: records.map((content) => ({ content, disabled: false })),
});

test.serial(
  'the documented zone requests: create, list, get, PATCH, export, notify, rectify, delete',
  async (t) => {
    const { base } = t.context;
    const created = await http(base, 'POST', '/zones', {
      body: {
        name: 'example.org.',
        kind: 'Native',
        masters: [],
        nameservers: ['ns1.example.org.', 'ns2.example.org.'],
      },
    });
    t.is(created.status, 201);
    const zone = created.json as Record<string, unknown>;
    t.is(zone.id, 'example.org.');
    t.is(zone.kind, 'Native');
    t.is(zone.soa_edit_api, 'DEFAULT');
    t.regex(String(zone.serial), /^20\d{6}01$/);
    const list = await http(base, 'GET', '/zones');
    t.deepEqual(
      (list.json as { id: string }[]).map((z) => z.id),
      ['example.org.'],
    );
    const patched = await http(base, 'PATCH', '/zones/example.org.', {
      body: { rrsets: [rrset('test.example.org.', 'A', ['192.168.0.5'])] },
    });
    t.is(patched.status, 204);
    t.is(
      Number(patched.headers.get('x-pdns-new-serial')),
      Number(patched.headers.get('x-pdns-old-serial')) + 1,
    );
    const got = await http(base, 'GET', '/zones/example.org.');
    const rrsets = (got.json as { rrsets: { name: string; type: string; records: { content: string }[] }[] })
      .rrsets;
    t.deepEqual(rrsets.find((s) => s.name === 'test.example.org.')?.records, [
      { content: '192.168.0.5', disabled: false },
    ]);
    const exported = await http(base, 'GET', '/zones/example.org./export');
    t.is(exported.headers.get('content-type'), 'text/plain; charset=us-ascii');
    t.regex(exported.text, /^example\.org\.\t3600\tIN\tSOA\t/);
    t.regex(exported.text, /test\.example\.org\.\t3600\tIN\tA\t192\.168\.0\.5/);
    const asJson = await http(base, 'GET', '/zones/example.org./export', { accept: 'application/json' });
    t.is((asJson.json as { zone: string }).zone, exported.text);
    t.deepEqual((await http(base, 'PUT', '/zones/example.org./notify')).json, {
      result: 'Notification queued',
    });
    t.deepEqual((await http(base, 'PUT', '/zones/example.org./rectify')).json, { result: 'Rectified' });
    const deleted = await http(base, 'PATCH', '/zones/example.org.', {
      body: { rrsets: [{ name: 'test.example.org.', type: 'A', changetype: 'DELETE' }] },
    });
    t.is(deleted.status, 204);
  },
);

test.serial('one PATCH is one event, with the key name as actor', async (t) => {
  const { base, nc } = t.context;
  const before = await streamLastSequence(nc);
  const r = await http(base, 'PATCH', '/zones/example.org.', {
    body: {
      rrsets: [
        rrset('a.example.org.', 'A', ['192.0.2.1']),
        rrset('b.example.org.', 'AAAA', ['2001:db8::1']),
        rrset('c.example.org.', 'TXT', ['"hello"']),
      ],
    },
    headers: {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'X-Request-Id': 'patch-abc',
    },
  });
  t.is(r.status, 204);
  t.is(await streamLastSequence(nc), before + 1);
  const jsm = await jetstreamManager(nc);
  const m = await jsm.streams.getMessage('DNS', { seq: before + 1 });
  const event = decodeEvent(m!.data, before + 1);
  t.is(event.provenance?.actor, 'pdns-api-key');
  t.is(event.provenance?.requestId, 'patch-abc');
  t.is(m!.header?.get('traceparent')?.split('-')[1], '4bf92f3577b34da6a3ce929d0e0e4736');
  // A retry with the same X-Request-Id is applied once.
  await http(base, 'PATCH', '/zones/example.org.', {
    body: { rrsets: [rrset('d.example.org.', 'A', ['192.0.2.4'])] },
    headers: { 'X-Request-Id': 'patch-abc' },
  });
  t.is(await streamLastSequence(nc), before + 1);
});

test.serial('bad input gets PowerDNS statuses and bodies, and writes nothing', async (t) => {
  const { base } = t.context;
  const patch = (body: unknown) => () => http(base, 'PATCH', '/zones/example.org.', { body });
  const error = async (body: unknown, message: string | RegExp) => {
    const r = await refused(t, 422, patch(body));
    if (typeof message === 'string') t.deepEqual(r.json, { error: message });
    else t.regex((r.json as { error: string }).error, message);
  };
  await error(
    { rrsets: [rrset('test.example.org.', 'A', ['192.168.0.500'])] },
    /^Record test\.example\.org\.\/A '192\.168\.0\.500': /,
  );
  await error(
    { rrsets: [rrset('test.other.org.', 'A', ['192.168.0.5'])] },
    'RRset test.other.org. IN A: Name is out of zone',
  );
  await error(
    { rrsets: [rrset('example.org.', 'CNAME', ['x.example.org.'])] },
    'RRset example.org. IN CNAME: Conflicts with pre-existing RRset',
  );
  await error(
    { rrsets: [rrset('a.example.org.', 'CNAME', ['x.example.org.'])] },
    'RRset a.example.org. IN CNAME: Conflicts with pre-existing RRset',
  );
  await error(
    { rrsets: [rrset('t.example.org.', 'A', ['192.168.0.5', '192.168.0.5'])] },
    'Duplicate record in RRset t.example.org. IN A with content "192.168.0.5"',
  );
  await error(
    { rrsets: [rrset('t.example.org', 'A', ['192.168.0.5'])] },
    "DNS Name 't.example.org' is not canonical",
  );
  await error({ rrsets: [rrset('t.example.org.', 'A', [], 3600, 'FOO')] }, 'Changetype not understood');
  await error(
    { rrsets: [rrset('t.example.org.', 'BOGUS', ['x'])] },
    'RRset t.example.org. IN BOGUS: unknown type given',
  );
  await error(
    {
      rrsets: [
        { name: 't.example.org.', type: 'A', changetype: 'REPLACE', records: [{ content: '1.2.3.4' }] },
      ],
    },
    "Key 'ttl' not an Integer or not present",
  );
  await error({}, 'No rrsets given in update request');
  await error(
    { rrsets: [{ name: 't.example.org.', type: 'A', ttl: 60, changetype: 'REPLACE' }] },
    'No change for RRset t.example.org. IN A',
  );
  await error(
    { rrsets: [rrset('t.example.org.', 'A', ['192.0.2.1']), rrset('t.example.org.', 'A', ['192.0.2.2'])] },
    'Duplicate RRset t.example.org. IN A with changetype: REPLACE',
  );
  await error(
    { rrsets: [rrset('mx.example.org.', 'MX', ['10 mail'])] },
    /^Record mx\.example\.org\.\/MX '10 mail': /,
  );
  await error({ rrsets: [{ name: 'example.org.', type: 'SOA', changetype: 'DELETE' }] }, /SOA/);
  await error(
    {
      rrsets: [
        { ...rrset('dis.example.org.', 'A', []), records: [{ content: '192.0.2.1', disabled: true }] },
      ],
    },
    /disabled records are not supported/,
  );
  t.is(
    (await refused(t, 400, () => http(base, 'PATCH', '/zones/example.org.', { body: '{"rrsets": [' }))).text,
    'Bad Request',
  );
  t.is((await refused(t, 400, () => http(base, 'POST', '/zones', { body: 'not json' }))).text, 'Bad Request');
  const unknown = await refused(t, 404, () =>
    http(base, 'PATCH', '/zones/nonexist.org.', { body: { rrsets: [] } }),
  );
  t.is(unknown.text, 'Not Found');
  const unknownJson = await refused(t, 404, () =>
    http(base, 'GET', '/zones/nonexist.org.', { accept: 'application/json' }),
  );
  t.deepEqual(unknownJson.json, { error: 'Not Found' });
  await refused(t, 409, () =>
    http(base, 'POST', '/zones', { body: { name: 'example.org.', kind: 'Native', nameservers: [] } }),
  );
  await refused(t, 422, () =>
    http(base, 'POST', '/zones', { body: { name: 'bad.org', kind: 'Native', nameservers: [] } }),
  );
  await refused(t, 422, () => http(base, 'POST', '/zones', { body: { kind: 'Native', nameservers: [] } }));
  await refused(t, 405, () => http(base, 'POST', '/zones/example.org./export'));
  await refused(t, 404, () => http(base, 'GET', '/nonexistent'));
});

test.serial(
  'API keys: none or a wrong one is 401 with the PowerDNS challenge; roles and zone scopes apply',
  async (t) => {
    const { base, started } = t.context;
    for (const key of [null, 'wrong-key-0123456789']) {
      const r = await refused(t, 401, () => http(base, 'GET', '/zones', { key }));
      t.is(r.headers.get('www-authenticate'), 'X-API-Key realm="PowerDNS"');
      t.is(r.text, 'Unauthorized');
    }
    t.is(
      (
        await http(`${started.pdnsUrl}/api/v1/servers/localhost`, 'GET', '/zones?api-key=' + READ_KEY, {
          key: null,
        })
      ).status,
      200,
      '?api-key= works too',
    );
    t.is((await http(base, 'GET', '/zones/example.org.', { key: READ_KEY })).status, 200);
    await refused(t, 403, () =>
      http(base, 'PATCH', '/zones/example.org.', {
        key: READ_KEY,
        body: { rrsets: [rrset('r.example.org.', 'A', ['192.0.2.1'])] },
      }),
    );
    await refused(t, 403, () =>
      http(base, 'POST', '/tsigkeys', { key: READ_KEY, body: { name: 'k', algorithm: 'hmac-sha256' } }),
    );
    t.is(
      (
        await http(base, 'POST', '/zones', {
          key: TEAM_KEY,
          body: { name: 'team.org.', kind: 'Native', nameservers: ['ns1.team.org.'] },
        })
      ).status,
      201,
    );
    t.is(
      (
        await http(base, 'PATCH', '/zones/team.org.', {
          key: TEAM_KEY,
          body: { rrsets: [rrset('_acme-challenge.team.org.', 'TXT', ['"token"'], 60)] },
        })
      ).status,
      204,
    );
    await refused(t, 403, () =>
      http(base, 'PATCH', '/zones/example.org.', {
        key: TEAM_KEY,
        body: { rrsets: [rrset('x.example.org.', 'A', ['192.0.2.1'])] },
      }),
    );
    await refused(t, 403, () => http(base, 'DELETE', '/zones/example.org.', { key: TEAM_KEY }));
  },
);

test.serial('comments are kept and returned, and searchable', async (t) => {
  const { base } = t.context;
  const r = await http(base, 'PATCH', '/zones/example.org.', {
    body: {
      rrsets: [
        {
          ...rrset('mail.example.org.', 'MX', ['10 mx.example.org.'], 300),
          comments: [{ content: 'mail server', account: 'ops', modified_at: 1700000000 }],
        },
      ],
    },
  });
  t.is(r.status, 204);
  const zone = (await http(base, 'GET', '/zones/example.org.?rrset_name=mail.example.org.&rrset_type=MX'))
    .json as { rrsets: unknown[] };
  t.deepEqual(zone.rrsets, [
    {
      comments: [{ account: 'ops', content: 'mail server', modified_at: 1700000000 }],
      name: 'mail.example.org.',
      records: [{ content: '10 mx.example.org.', disabled: false }],
      ttl: 300,
      type: 'MX',
    },
  ]);
  const onlyComments = await http(base, 'PATCH', '/zones/example.org.', {
    body: {
      rrsets: [
        {
          name: 'mail.example.org.',
          type: 'MX',
          changetype: 'REPLACE',
          comments: [{ content: 'moved', account: 'ops' }],
        },
      ],
    },
  });
  t.is(onlyComments.status, 204);
  const found = (await http(base, 'GET', '/search-data?q=moved&object_type=comment')).json as {
    name: string;
    content: string;
  }[];
  t.deepEqual(
    found.map((f) => [f.name, f.content]),
    [['mail.example.org.', 'moved']],
  );
  const stillThere = (await http(base, 'GET', '/zones/example.org.?rrset_name=mail.example.org.')).json as {
    rrsets: { records: unknown[] }[];
  };
  t.is(stillThere.rrsets[0].records.length, 1, 'comments-only change keeps the records');
});

test.serial(
  'metadata maps onto zone settings (visible through gRPC); unsupported kinds are 422',
  async (t) => {
    const { base, started } = t.context;
    const post = await http(base, 'POST', '/zones/example.org./metadata', {
      body: { kind: 'ALLOW-AXFR-FROM', metadata: ['192.0.2.0/24'] },
    });
    t.is(post.status, 201);
    t.deepEqual(post.json, { kind: 'ALLOW-AXFR-FROM', metadata: ['192.0.2.0/24'], type: 'Metadata' });
    t.is(
      (
        await http(base, 'POST', '/zones/example.org./metadata', {
          body: { kind: 'X-OWNER', metadata: ['team'] },
        })
      ).status,
      201,
    );
    const rpc = new Rpc(started.grpc);
    const zone = await rpc.call(rpc.zones, rpc.zones.getZone, { name: 'example.org.', omitRecords: true });
    rpc.close();
    t.deepEqual(zone.settings?.transferAcl, ['192.0.2.0/24']);
    t.deepEqual(zone.settings?.metadata['X-OWNER'].values, ['team']);
    const all = (await http(base, 'GET', '/zones/example.org./metadata')).json as { kind: string }[];
    t.deepEqual(
      all.map((m) => m.kind),
      ['ALLOW-AXFR-FROM', 'SOA-EDIT-API', 'X-OWNER'],
    );
    t.deepEqual(
      (await http(base, 'PUT', '/zones/example.org./metadata/X-OWNER', { body: { metadata: ['other'] } }))
        .json,
      {
        kind: 'X-OWNER',
        metadata: ['other'],
        type: 'Metadata',
      },
    );
    t.is((await http(base, 'DELETE', '/zones/example.org./metadata/X-OWNER')).status, 200);
    await refused(t, 422, () =>
      http(base, 'POST', '/zones/example.org./metadata', { body: { kind: 'PRESIGNED', metadata: ['1'] } }),
    );
    await refused(t, 422, () =>
      http(base, 'POST', '/zones/example.org./metadata', {
        body: { kind: 'ALLOW-AXFR-FROM', metadata: ['not-a-cidr'] },
      }),
    );
    await refused(t, 422, () => http(base, 'GET', '/zones/example.org./metadata/NOPE'));
  },
);

test.serial('zones with "/" in their name use =2F ids; zone text creates a zone in one event', async (t) => {
  const { base, nc } = t.context;
  const r = await http(base, 'POST', '/zones', {
    body: { name: '0/25.2.0.192.in-addr.arpa.', kind: 'Native', nameservers: ['ns1.example.org.'] },
  });
  t.is(r.status, 201);
  t.is((r.json as { id: string }).id, '0=2F25.2.0.192.in-addr.arpa.');
  t.is((await http(base, 'GET', '/zones/0=2F25.2.0.192.in-addr.arpa.')).status, 200);
  const before = await streamLastSequence(nc);
  const text =
    'text.org. 3600 IN SOA ns1.text.org. hostmaster.text.org. 5 10800 3600 604800 3600\ntext.org. 3600 IN NS ns1.text.org.\nwww.text.org. 60 IN A 192.0.2.80\n';
  const z = await http(base, 'POST', '/zones', { body: { name: 'text.org.', kind: 'Native', zone: text } });
  t.is(z.status, 201, z.text);
  t.is(await streamLastSequence(nc), before + 1);
  t.true((z.json as { rrsets: { name: string }[] }).rrsets.some((s) => s.name === 'www.text.org.'));
});

test.serial('TSIG keys through the API, and the secret only for admins', async (t) => {
  const { base } = t.context;
  const made = await http(base, 'POST', '/tsigkeys', {
    body: { name: 'test-key', algorithm: 'hmac-sha256' },
  });
  t.is(made.status, 201);
  const key = made.json as Record<string, string>;
  t.deepEqual(
    [key.name, key.id, key.algorithm, key.type],
    ['test-key', 'test-key.', 'hmac-sha256', 'TSIGKey'],
  );
  t.is(Buffer.from(key.key, 'base64').length, 64);
  t.is(
    (await http(base, 'POST', '/tsigkeys', { body: { name: 'test-key', algorithm: 'hmac-sha256' } })).status,
    409,
  );
  t.is(
    (await http(base, 'POST', '/tsigkeys', { body: { name: 'bad-alg', algorithm: 'hmac-foo' } })).status,
    400,
  );
  t.is((await http(base, 'GET', '/tsigkeys/test-key')).status, 200, 'ids with or without the trailing dot');
  t.is(((await http(base, 'GET', '/tsigkeys/test-key.')).json as Record<string, string>).key, key.key);
  t.is((await http(base, 'GET', '/tsigkeys/test-key.', { key: READ_KEY })).status, 403);
  t.deepEqual(
    ((await http(base, 'GET', '/tsigkeys', { key: READ_KEY })).json as { key: string }[]).map((k) => k.key),
    [''],
  );
  const renamed = await http(base, 'PUT', '/tsigkeys/test-key.', {
    body: { name: 'renamed-key', key: 'Zm9vYmFy' },
  });
  t.deepEqual((renamed.json as Record<string, string>).id, 'renamed-key.');
  t.is((await http(base, 'GET', '/tsigkeys/test-key.')).status, 404);
  t.is((await http(base, 'DELETE', '/tsigkeys/renamed-key.')).status, 204);
  t.is((await http(base, 'DELETE', '/tsigkeys/renamed-key.')).status, 404);
});

test.serial('server, statistics, search, cache flush (published to the fleet)', async (t) => {
  const { base, nc, started } = t.context;
  t.is(((await http(started.pdnsUrl, 'GET', '/api/v1/servers')).json as { id: string }[])[0].id, 'localhost');
  t.is(((await http(base, 'GET', '')).json as { daemon_type: string }).daemon_type, 'authoritative');
  t.is((await http(`${started.pdnsUrl}/api/v1/servers/other`, 'GET', '')).status, 404);
  const stat = (await http(base, 'GET', '/statistics?statistic=zones')).json as {
    name: string;
    value: string;
  }[];
  t.is(stat[0].name, 'zones');
  t.true(Number(stat[0].value) >= 3);
  await refused(t, 422, () => http(base, 'GET', '/statistics?statistic=nonexistent'));
  const records = (await http(base, 'GET', '/search-data?q=*.example.org&object_type=record')).json as {
    name: string;
  }[];
  t.true(records.some((r) => r.name === 'a.example.org.'));
  await refused(t, 422, () => http(base, 'GET', '/search-data?q='));
  const seen: unknown[] = [];
  const sub = nc.subscribe('dns.control.purge', {
    callback: (_e, m) => {
      seen.push(m.json());
    },
  });
  await nc.flush();
  const flushed = await http(base, 'PUT', '/cache/flush?domain=a.example.org.');
  t.deepEqual(flushed.json, { count: 0, result: 'Flushed cache.' });
  await new Promise((r) => setTimeout(r, 200));
  sub.unsubscribe();
  t.deepEqual(seen, [{ zone: 'example.org.', name: 'a.example.org.' }]);
});

test.serial('zone settings with PUT, and delete', async (t) => {
  const { base } = t.context;
  t.is(
    (
      await http(base, 'PUT', '/zones/example.org.', {
        body: { kind: 'Master', account: 'acct1', soa_edit_api: 'INCREASE' },
      })
    ).status,
    204,
  );
  const z = (await http(base, 'GET', '/zones/example.org.?rrsets=false')).json as Record<string, unknown>;
  t.deepEqual([z.kind, z.account, z.soa_edit_api, z.rrsets], ['Master', 'acct1', 'INCREASE', undefined]);
  await refused(t, 422, () =>
    http(base, 'PUT', '/zones/example.org.', { body: { master_tsig_key_ids: ['nokey.'] } }),
  );
  t.is((await http(base, 'DELETE', '/zones/example.org.')).status, 204);
  t.is((await http(base, 'DELETE', '/zones/example.org.')).status, 404);
});

test.serial('catalog zones: a Producer zone, members named by "catalog", listed by the admin', async (t) => {
  const { base } = t.context;
  t.is(
    (await http(base, 'POST', '/zones', { body: { name: 'catz.example.', kind: 'Producer' } })).status,
    201,
  );
  const create = await http(base, 'POST', '/zones', {
    body: {
      name: 'member1.example.',
      kind: 'Master',
      nameservers: ['ns1.example.net.'],
      catalog: 'catz.example.',
    },
  });
  t.is(create.status, 201, create.text);
  t.is((create.json as Record<string, unknown>).catalog, 'catz.example.');
  const catz = (await http(base, 'GET', '/zones/catz.example.')).json as {
    kind: string;
    rrsets: { name: string; type: string; records: { content: string }[] }[];
  };
  t.is(catz.kind, 'Producer');
  const content = (type: string) =>
    catz.rrsets.filter((r) => r.type === type).flatMap((r) => r.records.map((x) => x.content));
  t.deepEqual(content('NS'), ['invalid.']);
  t.deepEqual(content('TXT'), ['"2"']);
  await waitFor('the member is listed', async () => {
    const z = (await http(base, 'GET', '/zones/catz.example.')).json as typeof catz;
    return z.rrsets.some((r) => r.type === 'PTR' && r.records[0].content === 'member1.example.');
  });
  // Out of the catalog with PUT catalog "".
  t.is((await http(base, 'PUT', '/zones/member1.example.', { body: { catalog: '' } })).status, 204);
  await waitFor('the member is no longer listed', async () => {
    const z = (await http(base, 'GET', '/zones/catz.example.')).json as typeof catz;
    return !z.rrsets.some((r) => r.type === 'PTR');
  });
  // A catalog to consume is pulled like a Slave zone: it needs its primaries.
  await refused(t, 422, () =>
    http(base, 'POST', '/zones', { body: { name: 'consumer.example.', kind: 'Consumer' } }),
  );
  const consumer = await http(base, 'POST', '/zones', {
    body: { name: 'consumer.example.', kind: 'Consumer', masters: ['192.0.2.1'] },
  });
  t.is(consumer.status, 201, consumer.text);
  t.is((consumer.json as Record<string, unknown>).kind, 'Consumer');
});
