import test from 'ava';
import { loadNodeConfig } from '../config.js';
import { planReload, runtimeSettings } from './runtime-settings.js';

test('a reload applies what can change and names what needs a restart', (t) => {
  const running = loadNodeConfig({ SHOAL_NODE_ID: 'n1' });
  const current = runtimeSettings(running);
  const next = loadNodeConfig({
    SHOAL_NODE_ID: 'n1',
    SHOAL_LOG_LEVEL: 'debug',
    SHOAL_QUERY_LOG: 'true',
    SHOAL_NSID: 'edge-1',
    SHOAL_DNS_LISTEN: '127.0.0.1:5353',
  });
  const plan = planReload(running, current, next);
  t.deepEqual(plan.changed, ['logLevel', 'queryLog', 'nsid']);
  t.deepEqual(plan.needRestart, ['dns.listen']);
  t.is(plan.next.logLevel, 'debug');
});

test('nothing changed, nothing to do', (t) => {
  const running = loadNodeConfig({ SHOAL_NODE_ID: 'n1' });
  const plan = planReload(running, runtimeSettings(running), loadNodeConfig({ SHOAL_NODE_ID: 'n1' }));
  t.deepEqual(plan.changed, []);
  t.deepEqual(plan.needRestart, []);
});
