import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, isLoopback, loadAdminConfig, pdnsApiEnabled } from './config.js';

const TOKEN = 'admin-token-0123456789';

const scratch = mkdtempSync(join(tmpdir(), 'admin-config-'));
let files = 0;
test.after.always(() => rmSync(scratch, { recursive: true, force: true }));

function file(text: string): string {
  const path = join(scratch, `admin-${files++}.yaml`);
  writeFileSync(path, text);
  return path;
}

test('the API never runs open: no credentials is a configuration error', (t) => {
  t.throws(() => loadAdminConfig({}), { instanceOf: ConfigError, message: /no admin credentials/ });
});

test('defaults: loopback gRPC, and the PowerDNS API on 127.0.0.1:8081 only when a key is set', (t) => {
  const c = loadAdminConfig({ SHOAL_ADMIN_TOKEN: TOKEN });
  t.is(c.grpcListen, '127.0.0.1:5380');
  t.is(c.pdnsApi.listen, '127.0.0.1:8081');
  t.false(pdnsApiEnabled(c));
  const k = loadAdminConfig({ SHOAL_ADMIN_TOKEN: TOKEN, SHOAL_PDNS_API_KEY: 'pdns-key-0123456789' });
  t.true(pdnsApiEnabled(k));
  t.is(k.pdnsApi.keys[0].role, 'admin');
});

test('YAML: tokens with roles, TLS, PowerDNS API keys and listen address; env overrides', (t) => {
  const path = file(`
grpc:
  listen: 0.0.0.0:5381
  tls:
    cert_file: /etc/shoal/admin.crt
    key_file: /etc/shoal/admin.key
    client_ca_file: /etc/shoal/ca.crt
    require_client_cert: true
tokens:
  - { token: reader-token-012345678, role: reader, name: dashboards }
  - { token: writer-token-012345678, role: writer, zones: [example.test] }
pdns_api:
  listen: 192.0.2.10:8081
  keys:
    - { key: pdns-key-0123456789, role: writer, zones: [example.test] }
`);
  const c = loadAdminConfig({ SHOAL_ADMIN_GRPC_LISTEN: '127.0.0.1:6000' }, path);
  t.is(c.grpcListen, '127.0.0.1:6000');
  t.deepEqual(c.tls, {
    certFile: '/etc/shoal/admin.crt',
    keyFile: '/etc/shoal/admin.key',
    clientCaFile: '/etc/shoal/ca.crt',
    requireClientCert: true,
  });
  t.is(c.tokens.length, 2);
  t.deepEqual(c.tokens[1].zones, ['example.test']);
  t.is(c.pdnsApi.listen, '192.0.2.10:8081');
  t.is(c.pdnsApi.keys[0].role, 'writer');
});

test('SHOAL_ADMIN_CONFIG names the file when --config is not given', (t) => {
  const path = file('tokens: [{ token: reader-token-012345678, role: reader }]\n');
  t.is(loadAdminConfig({ SHOAL_ADMIN_CONFIG: path }).tokens[0].role, 'reader');
});

test('bad settings are refused with the field named', (t) => {
  t.throws(() => loadAdminConfig({ SHOAL_ADMIN_TOKEN: 'short' }), { message: /tokens\[0\]\.token/ });
  t.throws(() => loadAdminConfig({}, file('tokens: [{ token: reader-token-012345678, role: root }]')), {
    message: /role/,
  });
  t.throws(() => loadAdminConfig({ SHOAL_ADMIN_TOKEN: TOKEN, SHOAL_PDNS_API_KEY: 'short' }), {
    message: /pdns_api\.keys/,
  });
  t.throws(() => loadAdminConfig({ SHOAL_ADMIN_TOKEN: TOKEN, SHOAL_PDNS_API_LISTEN: 'nowhere' }), {
    message: /pdns_api\.listen/,
  });
  t.throws(
    () =>
      loadAdminConfig({
        SHOAL_ADMIN_TOKEN: TOKEN,
        SHOAL_ADMIN_TLS_CERT: '/c',
        SHOAL_ADMIN_TLS_KEY: '/k',
        SHOAL_ADMIN_TLS_REQUIRE_CLIENT_CERT: 'true',
      }),
    { message: /client_ca_file/ },
  );
  t.throws(() => loadAdminConfig({}, file('tokens: [')), { instanceOf: ConfigError });
});

test('loopback addresses', (t) => {
  t.true(isLoopback('127.0.0.1'));
  t.true(isLoopback('127.1.2.3'));
  t.true(isLoopback('::1'));
  t.true(isLoopback('localhost'));
  t.false(isLoopback('0.0.0.0'));
  t.false(isLoopback('192.0.2.1'));
});
