import test from 'ava';
import { ConfigError, loadNodeConfig } from './config.js';

test('UDP I/O defaults to auto and accepts batched or dgram', (t) => {
  t.is(loadNodeConfig({}).udpIo, 'auto');
  t.is(loadNodeConfig({ SHOAL_UDP_IO: 'dgram' }).udpIo, 'dgram');
  t.is(loadNodeConfig({ SHOAL_UDP_IO: 'batched' }).udpIo, 'batched');
  const error = t.throws(() => loadNodeConfig({ SHOAL_UDP_IO: 'mmsg' }), { instanceOf: ConfigError });
  t.regex(error.message, /dns\.udp_io: "mmsg" must be auto, batched or dgram/);
});
