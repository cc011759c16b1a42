import test from 'ava';
import { ConfigError, loadBridgeConfig } from './config.js';

test('defaults, then the environment', (t) => {
  const base = loadBridgeConfig({ SHOAL_BRIDGE_ID: 'b1' });
  t.is(base.bridgeId, 'b1');
  t.is(base.notifyListen, undefined);
  t.false(base.notify.nsHosts);
  t.is(base.notify.maxAttempts, 10);
  const env = loadBridgeConfig({
    SHOAL_BRIDGE_ID: 'b2',
    SHOAL_BRIDGE_NOTIFY_LISTEN: '[::1]:5353',
    SHOAL_BRIDGE_NOTIFY_NS: 'true',
    SHOAL_BRIDGE_REFRESH_MIN_MS: '250',
    SHOAL_NATS_URL: 'nats://a:4222,nats://b:4222',
  });
  t.deepEqual(env.notifyListen, { address: '::1', port: 5353 });
  t.true(env.notify.nsHosts);
  t.is(env.refresh.minMs, 250);
  t.deepEqual(env.natsServers, ['nats://a:4222', 'nats://b:4222']);
});

test('bad values are ConfigErrors', (t) => {
  t.throws(() => loadBridgeConfig({ SHOAL_BRIDGE_ID: 'no spaces' }), { instanceOf: ConfigError });
  t.throws(() => loadBridgeConfig({ SHOAL_BRIDGE_ID: 'b', SHOAL_BRIDGE_NOTIFY_LISTEN: 'nowhere' }), {
    instanceOf: ConfigError,
  });
  t.throws(() => loadBridgeConfig({ SHOAL_BRIDGE_ID: 'b', SHOAL_BRIDGE_REFRESH_MIN_MS: '-1' }), {
    instanceOf: ConfigError,
  });
  t.throws(() => loadBridgeConfig({ SHOAL_BRIDGE_ID: 'b', SHOAL_BRIDGE_NOTIFY_ATTEMPTS: '0' }), {
    instanceOf: ConfigError,
  });
});
