/**
 * Authentication and authorization through real processes: bearer tokens with roles from the
 * config file (reader, zone-scoped writer, admin), and TLS with client certificates from a CA
 * made here with the openssl CLI. Every refusal leaves the stream untouched.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { NatsConnection } from '@nats-io/transport-node';
import anyTest, { type TestFn } from 'ava';
import { NatsServer, scratchDir, waitFor } from '../harness/index.js';
import { natsConnection, Rpc, refusedWithoutWrite, type StartedAdmin, startAdmin } from './admin-harness.js';

const READER = 'reader-token-0123456789abcdef';
const WRITER = 'team-writer-token-0123456789';

const test = anyTest as TestFn<{ nats: NatsServer; started: StartedAdmin; nc: NatsConnection; pki: string }>;

/** A CA, a server certificate for 127.0.0.1 and client certificates (one from a foreign CA). */
function makePki(dir: string): void {
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'rogue-ca']) {
    ossl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  }
  const issue = (name: string, ca: string, ext: string) => {
    ossl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    ossl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  issue('server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue('client', 'ca', 'extendedKeyUsage=clientAuth\n');
  issue('rogue-client', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
}

test.before(async (t) => {
  const nats = await NatsServer.start();
  const started = await startAdmin(nats.url, {
    config: [
      'tokens:',
      `  - { token: ${READER}, role: reader, name: dashboards }`,
      `  - { token: ${WRITER}, role: writer, zones: [team.test], name: team-ci }`,
    ].join('\n'),
  });
  const pki = scratchDir('pki');
  makePki(pki);
  t.context = { nats, started, nc: await natsConnection(nats.url), pki };
  const admin = new Rpc(started.grpc);
  for (const zone of ['team.test', 'sub.team.test', 'other.test']) {
    await admin.call(admin.zones, admin.zones.createZone, {
      name: zone,
      nameservers: [`ns1.${zone}`],
      rrsets: [],
      options: { requestId: '', reason: '' },
    });
  }
  admin.close();
});

test.after.always(async (t) => {
  await t.context.nc?.close();
  await t.context.started?.admin.dispose();
  await t.context.nats?.dispose();
});

const replace = (rpc: Rpc, zone: string) =>
  rpc.call(rpc.zones, rpc.zones.replaceRRset, {
    zone,
    rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.1'] },
    options: { requestId: '', reason: '' },
  });

const code = (e: unknown) => (e as grpc.ServiceError).code;

test.serial('a reader reads and is refused every write', async (t) => {
  const reader = new Rpc(t.context.started.grpc, READER);
  const list = await reader.call(reader.zones, reader.zones.listZones, {
    pageSize: 0,
    pageToken: '',
    nameSuffix: '',
  });
  t.true(list.zones.length >= 3);
  t.is(
    code(await refusedWithoutWrite(t, t.context.nc, () => replace(reader, 'team.test'))),
    grpc.status.PERMISSION_DENIED,
  );
  t.is(
    code(
      await refusedWithoutWrite(t, t.context.nc, () =>
        reader.call(reader.zones, reader.zones.createZone, {
          name: 'r.test',
          nameservers: [],
          rrsets: [],
          options: undefined,
        }),
      ),
    ),
    grpc.status.PERMISSION_DENIED,
  );
  t.is(
    code(await t.throwsAsync(reader.call(reader.fleet, reader.fleet.notifyZone, { zone: 'team.test' }))),
    grpc.status.PERMISSION_DENIED,
  );
  reader.close();
});

test.serial('a zone-scoped writer changes its zone and subzones only; never admin operations', async (t) => {
  const writer = new Rpc(t.context.started.grpc, WRITER);
  t.true((await replace(writer, 'team.test')).sequence > 0);
  t.true((await replace(writer, 'sub.team.test')).sequence > 0);
  t.is(
    code(await refusedWithoutWrite(t, t.context.nc, () => replace(writer, 'other.test'))),
    grpc.status.PERMISSION_DENIED,
  );
  t.is(
    code(
      await t.throwsAsync(
        writer.call(writer.tsig, writer.tsig.createTsigKey, {
          name: 'w.key',
          algorithm: 'hmac-sha256',
          secret: '',
          replace: false,
        }),
      ),
    ),
    grpc.status.PERMISSION_DENIED,
  );
  t.is(
    code(await t.throwsAsync(writer.call(writer.fleet, writer.fleet.purgeCache, { zone: '', name: '' }))),
    grpc.status.PERMISSION_DENIED,
  );
  await writer.call(writer.fleet, writer.fleet.purgeCache, { zone: 'team.test', name: 'www' });
  writer.close();
});

test.serial('the writer is the actor in the event provenance', async (t) => {
  const writer = new Rpc(t.context.started.grpc, WRITER);
  await writer.call(writer.zones, writer.zones.replaceRRset, {
    zone: 'team.test',
    rrset: { name: 'who', type: 'TXT', ttl: 60, records: ['"me"'] },
    options: { requestId: '', reason: 'provenance check' },
  });
  const h = await writer.call(writer.zones, writer.zones.listChanges, {
    name: 'team.test',
    pageSize: 1,
    pageToken: '',
    includeRecords: false,
  });
  t.is(h.changes[0].actor, 'team-ci');
  t.is(h.changes[0].reason, 'provenance check');
  writer.close();
});

test.serial(
  'TLS with required client certificates: a certificate from the CA gets in, others do not',
  async (t) => {
    const { pki } = t.context;
    const tls = await startAdmin(t.context.nats.url, {
      env: {
        SHOAL_ADMIN_TLS_CERT: join(pki, 'server.crt'),
        SHOAL_ADMIN_TLS_KEY: join(pki, 'server.key'),
        SHOAL_ADMIN_TLS_CLIENT_CA: join(pki, 'ca.crt'),
        SHOAL_ADMIN_TLS_REQUIRE_CLIENT_CERT: 'true',
        SHOAL_PDNS_API_KEY: '',
      },
    });
    const file = (n: string) => readFileSync(join(pki, n));
    const ok = new Rpc(
      tls.grpc,
      undefined,
      grpc.credentials.createSsl(file('ca.crt'), file('client.key'), file('client.crt')),
    );
    const clients: Rpc[] = [ok];
    t.teardown(async () => {
      for (const c of clients) c.close();
      await tls.admin.dispose();
    });
    // A fresh admin replays the stream first: wait until its projection has the zones.
    await waitFor('the zones through TLS', async () => {
      const r = await ok.call(ok.zones, ok.zones.listZones, { pageSize: 0, pageToken: '', nameSuffix: '' });
      return r.zones.length >= 3;
    });
    t.pass();
    const attempts: [string, grpc.ChannelCredentials][] = [
      ['no client certificate', grpc.credentials.createSsl(file('ca.crt'))],
      [
        'a certificate from another CA',
        grpc.credentials.createSsl(file('ca.crt'), file('rogue-client.key'), file('rogue-client.crt')),
      ],
      ['plaintext', grpc.credentials.createInsecure()],
    ];
    for (const [what, creds] of attempts) {
      const rpc = new Rpc(tls.grpc, undefined, creds);
      clients.push(rpc);
      const err = await t.throwsAsync(
        rpc.call(
          rpc.zones,
          rpc.zones.listZones,
          { pageSize: 0, pageToken: '', nameSuffix: '' },
          { timeoutMs: 3000 },
        ),
        undefined,
        what,
      );
      t.true(
        [grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED].includes(code(err)),
        `${what}: ${code(err)}`,
      );
    }
    const noToken = new Rpc(
      tls.grpc,
      null,
      grpc.credentials.createSsl(file('ca.crt'), file('client.key'), file('client.crt')),
    );
    clients.push(noToken);
    t.is(
      code(
        await t.throwsAsync(
          noToken.call(noToken.zones, noToken.zones.listZones, {
            pageSize: 0,
            pageToken: '',
            nameSuffix: '',
          }),
        ),
      ),
      grpc.status.UNAUTHENTICATED,
      'a certificate does not replace the token',
    );
  },
);

test.serial('TLS without client certificates: the server is verified against the CA', async (t) => {
  const { pki } = t.context;
  const tls = await startAdmin(t.context.nats.url, {
    env: {
      SHOAL_ADMIN_TLS_CERT: join(pki, 'server.crt'),
      SHOAL_ADMIN_TLS_KEY: join(pki, 'server.key'),
      SHOAL_PDNS_API_KEY: '',
    },
  });
  const file = (n: string) => readFileSync(join(pki, n));
  const ok = new Rpc(tls.grpc, undefined, grpc.credentials.createSsl(file('ca.crt')));
  const wrongCa = new Rpc(tls.grpc, undefined, grpc.credentials.createSsl(file('rogue-ca.crt')));
  t.teardown(async () => {
    ok.close();
    wrongCa.close();
    await tls.admin.dispose();
  });
  await waitFor('the zones through TLS', async () => {
    const r = await ok.call(ok.zones, ok.zones.listZones, { pageSize: 0, pageToken: '', nameSuffix: '' });
    return r.zones.length >= 3;
  });
  t.pass();
  t.is(
    code(
      await t.throwsAsync(
        wrongCa.call(
          wrongCa.zones,
          wrongCa.zones.listZones,
          { pageSize: 0, pageToken: '', nameSuffix: '' },
          { timeoutMs: 3000 },
        ),
      ),
    ),
    grpc.status.UNAVAILABLE,
  );
});
