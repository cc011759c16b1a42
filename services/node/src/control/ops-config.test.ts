import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { checkLogLevel, DEFAULT_WEB_LISTEN, isLoopback, parseOpsConfig } from './ops-config.js';

test('defaults: loopback web server without a key, query log off, readiness limits', (t) => {
  const c = parseOpsConfig({}, {});
  t.deepEqual(c.web, { listen: DEFAULT_WEB_LISTEN, explicit: false, apiKey: undefined });
  t.deepEqual(c.queryLog, { enabled: false, sampleRate: 0.01 });
  t.deepEqual(c.readiness, {
    maxLagEvents: 10,
    maxLagSeconds: 5,
    maxDisconnectedSeconds: 10,
    drainSeconds: 0,
  });
  t.is(c.user, undefined);
});

test('the file sets every section and the environment wins', (t) => {
  const doc = {
    web: { listen: '192.0.2.10:8053', api_key: 'k'.repeat(20) },
    user: 'shoal',
    group: 'shoal',
    query_log: { enabled: true, sample_rate: 0.5 },
    readiness: { max_lag_events: 0, max_lag_seconds: 2, max_disconnected_seconds: -1 },
  };
  const c = parseOpsConfig(doc, {});
  t.deepEqual(c.web, {
    listen: { address: '192.0.2.10', port: 8053 },
    explicit: true,
    apiKey: 'k'.repeat(20),
  });
  t.deepEqual(c.queryLog, { enabled: true, sampleRate: 0.5 });
  t.is(c.readiness.maxDisconnectedSeconds, -1);
  const e = parseOpsConfig(doc, {
    SHOAL_WEB_LISTEN: 'off',
    SHOAL_QUERY_LOG: 'false',
    SHOAL_USER: 'nobody',
    SHOAL_READY_MAX_LAG_EVENTS: '3',
  });
  t.is(e.web.listen, undefined);
  t.false(e.queryLog.enabled);
  t.is(e.user, 'nobody');
  t.is(e.readiness.maxLagEvents, 3);
});

test('a non-loopback web address needs an API key', (t) => {
  t.throws(() => parseOpsConfig({ web: { listen: '0.0.0.0:8053' } }, {}), {
    message: /not a loopback address; set web.api_key/,
  });
  t.throws(() => parseOpsConfig({}, { SHOAL_WEB_LISTEN: '[::]:8053' }), { message: /not a loopback/ });
  t.notThrows(() => parseOpsConfig({}, { SHOAL_WEB_LISTEN: '[::1]:8053' }));
  t.notThrows(() =>
    parseOpsConfig({}, { SHOAL_WEB_LISTEN: '0.0.0.0:8053', SHOAL_WEB_API_KEY: 'x'.repeat(16) }),
  );
  t.throws(() => parseOpsConfig({ web: { api_key: 'short' } }, {}), { message: /at least 16/ });
});

test('the API key can come from a file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ops-config-'));
  const file = join(dir, 'key');
  writeFileSync(file, `${'f'.repeat(32)}\n`);
  t.is(parseOpsConfig({ web: { api_key_file: file } }, {}).web.apiKey, 'f'.repeat(32));
  t.throws(() => parseOpsConfig({ web: { api_key_file: join(dir, 'missing') } }, {}), {
    message: /cannot read/,
  });
  rmSync(dir, { recursive: true });
});

test('invalid values are reported with their key', (t) => {
  t.throws(() => parseOpsConfig({ query_log: { sample_rate: 0 } }, {}), {
    message: /query_log.sample_rate: 0 must be in \(0, 1\]/,
  });
  t.throws(() => parseOpsConfig({ query_log: { enabled: 'maybe' } }, {}), { message: /query_log.enabled/ });
  t.throws(() => parseOpsConfig({ readiness: { max_lag_events: 1.5 } }, {}), { message: /max_lag_events/ });
  t.throws(() => parseOpsConfig({ web: { listen: 'nowhere' } }, {}), { message: /web.listen/ });
  t.throws(() => parseOpsConfig({ web: 'yes' }, {}), { message: /web: must be a mapping/ });
  t.throws(() => parseOpsConfig({ group: 'nogroup' }, {}), { message: /set user as well/ });
  t.throws(() => parseOpsConfig({ user: 'bad user' }, {}), { message: /user/ });
  t.throws(() => checkLogLevel('verbose'), { message: /log_level/ });
  t.notThrows(() => checkLogLevel('debug'));
});

test('NATS credentials from the file, a password file or the environment', (t) => {
  t.deepEqual(parseOpsConfig({}, {}).natsAuth, {});
  t.deepEqual(parseOpsConfig({ nats: { user: 'node', password: 'p' } }, {}).natsAuth, {
    user: 'node',
    pass: 'p',
  });
  t.deepEqual(
    parseOpsConfig({ nats: { user: 'node', password: 'p' } }, { SHOAL_NATS_PASSWORD: 'q' }).natsAuth,
    { user: 'node', pass: 'q' },
  );
  t.throws(() => parseOpsConfig({}, { SHOAL_NATS_USER: 'node' }), {
    message: /nats.user: set nats.password/,
  });
});

test('loopback addresses', (t) => {
  t.true(isLoopback('127.0.0.1'));
  t.true(isLoopback('127.0.0.53'));
  t.true(isLoopback('::1'));
  t.false(isLoopback('0.0.0.0'));
  t.false(isLoopback('::'));
  t.false(isLoopback('192.0.2.1'));
});
