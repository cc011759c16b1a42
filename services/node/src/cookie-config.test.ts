import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, loadNodeConfig } from './config.js';
import { parseCookieConfig, serverCookies } from './cookie-config.js';

const A = '00112233445566778899aabbccddeeff';
const B = 'ffeeddccbbaa99887766554433221100';

test('on by default, with the secret made at start when none is configured', (t) => {
  t.deepEqual(parseCookieConfig(undefined, {}), { enabled: true, secrets: [], requireOverUdp: false });
  t.is(serverCookies(parseCookieConfig(undefined, {})), undefined, 'no secret, no cookies');
  const generated = parseCookieConfig(undefined, { SHOAL_COOKIE_SECRET_GENERATED: A });
  t.deepEqual(generated.secrets, [A]);
  t.truthy(serverCookies(generated));
  // A configured secret wins over the generated one.
  t.deepEqual(parseCookieConfig({ secret: B }, { SHOAL_COOKIE_SECRET_GENERATED: A }).secrets, [B]);
});

test('the file, then the environment; a list of secrets for a rollover', (t) => {
  const doc = { secret: [A, B], require: true };
  t.deepEqual(parseCookieConfig(doc, {}), { enabled: true, secrets: [A, B], requireOverUdp: true });
  t.deepEqual(parseCookieConfig(doc, { SHOAL_COOKIE_SECRET: `${B}, ${A}` }).secrets, [B, A]);
  t.false(parseCookieConfig(doc, { SHOAL_COOKIES: 'on' }).requireOverUdp);
  t.false(parseCookieConfig(doc, { SHOAL_COOKIES: 'off' }).enabled);
  t.is(serverCookies(parseCookieConfig(doc, { SHOAL_COOKIES: 'off' })), undefined);
  t.true(parseCookieConfig({ enabled: false }, { SHOAL_COOKIES: 'require' }).requireOverUdp);
  t.true(serverCookies(parseCookieConfig(doc, {}))!.requireOverUdp);
});

test('a secret file holds one secret per line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-config-'));
  try {
    const file = join(dir, 'secret');
    writeFileSync(file, `${A}\n${B}\n`);
    t.deepEqual(parseCookieConfig({ secret_file: file }, {}).secrets, [A, B]);
    t.deepEqual(parseCookieConfig(undefined, { SHOAL_COOKIE_SECRET_FILE: file }).secrets, [A, B]);
    t.throws(() => parseCookieConfig({ secret_file: join(dir, 'missing') }, {}), {
      instanceOf: ConfigError,
      message: /dns\.cookies\.secret_file: cannot read/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a secret that is not 128 bits of hex, or an unknown mode, is a configuration error', (t) => {
  for (const secret of ['00112233', `${A}00`, 'zz112233445566778899aabbccddeeff']) {
    t.throws(() => parseCookieConfig({ secret }, {}), { instanceOf: ConfigError, message: /32 hex digits/ });
  }
  t.throws(() => parseCookieConfig(undefined, { SHOAL_COOKIES: 'yes' }), {
    instanceOf: ConfigError,
    message: /on, off or require/,
  });
});

test('dns.cookies in the node configuration file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-config-'));
  try {
    const file = join(dir, 'node.yaml');
    writeFileSync(file, `dns:\n  cookies:\n    secret: "${A}"\n    require: true\n`);
    t.deepEqual(loadNodeConfig({}, file).cookies, { enabled: true, secrets: [A], requireOverUdp: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
