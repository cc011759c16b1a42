import test from 'ava';
import { KnotServer } from './legacy-servers.js';
import { runSecondaryScenario } from './secondary-scenario.js';

test('Knot DNS as a secondary of the fleet: NOTIFY, IXFR, TSIG, same zone as ours', async (t) => {
  t.timeout(120_000);
  await runSecondaryScenario(t, 'knot', (o) => KnotServer.start(o));
});
