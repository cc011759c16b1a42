import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, loadNodeConfig } from './config.js';

test('UDP I/O defaults to auto and accepts batched or dgram', (t) => {
  t.is(loadNodeConfig({}).udpIo, 'auto');
  t.is(loadNodeConfig({ SHOAL_UDP_IO: 'dgram' }).udpIo, 'dgram');
  t.is(loadNodeConfig({ SHOAL_UDP_IO: 'batched' }).udpIo, 'batched');
  const error = t.throws(() => loadNodeConfig({ SHOAL_UDP_IO: 'mmsg' }), { instanceOf: ConfigError });
  t.regex(error.message, /dns\.udp_io: "mmsg" must be auto, batched or dgram/);
});

test('DNS over TLS needs a readable PEM certificate and key', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'node-tls-'));
  try {
    const cert = join(dir, 'cert.pem');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const env = { SHOAL_DNS_TLS_LISTEN: '127.0.0.1:853', SHOAL_DNS_TLS_CERT_FILE: cert };
    t.throws(() => loadNodeConfig(env), { instanceOf: ConfigError, message: /needs cert_file and key_file/ });
    t.throws(() => loadNodeConfig({ ...env, SHOAL_DNS_TLS_KEY_FILE: join(dir, 'missing.pem') }), {
      instanceOf: ConfigError,
      message: /dns\.tls\.key_file: cannot read/,
    });
    const notPem = join(dir, 'key.txt');
    writeFileSync(notPem, 'secret');
    t.throws(() => loadNodeConfig({ ...env, SHOAL_DNS_TLS_KEY_FILE: notPem }), { message: /is not PEM/ });
    const config = loadNodeConfig({ ...env, SHOAL_DNS_TLS_KEY_FILE: cert });
    t.deepEqual(config.tls.listen, [{ address: '127.0.0.1', port: 853 }]);
    t.deepEqual(loadNodeConfig({}).tls.listen, [], 'off by default');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
