import test from 'ava';
import { ConfigError } from './config.js';
import { parseRrlConfig, rateLimiter } from './rrl-config.js';

test('off unless a rate is set; the file, then the environment', (t) => {
  t.is(rateLimiter(parseRrlConfig(undefined, {})), undefined);
  const config = parseRrlConfig({ responses_per_second: 20, slip: 3, exempt: ['192.0.2.0/24'] }, {});
  t.like(config, { responsesPerSecond: 20, slip: 3, ipv4PrefixLength: 24, ipv6PrefixLength: 56 });
  t.is(rateLimiter(config)?.slip, 3);
  t.is(
    parseRrlConfig({ responses_per_second: 20 }, { SHOAL_RRL_RESPONSES_PER_SECOND: '0' }).responsesPerSecond,
    0,
  );
  t.is(parseRrlConfig(undefined, { SHOAL_RRL_RESPONSES_PER_SECOND: '5', SHOAL_RRL_SLIP: '0' }).slip, 0);
});

test('values out of range, and exemptions that are not prefixes, are configuration errors', (t) => {
  t.throws(() => parseRrlConfig({ responses_per_second: -1 }, {}), {
    instanceOf: ConfigError,
    message: /responses_per_second/,
  });
  t.throws(() => parseRrlConfig({ slip: 11 }, {}), { instanceOf: ConfigError, message: /dns\.rrl\.slip/ });
  t.throws(() => parseRrlConfig({ ipv4_prefix_length: 33 }, {}), { instanceOf: ConfigError });
  t.throws(() => parseRrlConfig({ responses_per_second: 5, exempt: ['192.0.2.0/40'] }, {}), {
    instanceOf: ConfigError,
    message: /dns\.rrl: .*not an address or CIDR prefix/,
  });
  t.throws(() => parseRrlConfig(undefined, { SHOAL_RRL_RESPONSES_PER_SECOND: 'lots' }), {
    instanceOf: ConfigError,
  });
});
