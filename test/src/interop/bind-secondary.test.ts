import test from 'ava';
import { BindServer } from './legacy-servers.js';
import { runSecondaryScenario } from './secondary-scenario.js';

test('BIND named as a secondary of the fleet: NOTIFY, IXFR, TSIG, same zone as ours', async (t) => {
  t.timeout(120_000);
  await runSecondaryScenario(t, 'bind', (o) => BindServer.start(o));
});
