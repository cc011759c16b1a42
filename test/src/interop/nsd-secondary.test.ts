import test from 'ava';
import { NsdServer } from './legacy-servers.js';
import { runSecondaryScenario } from './secondary-scenario.js';

test('NSD as a secondary of the fleet: NOTIFY, IXFR, TSIG, same zone as ours', async (t) => {
  t.timeout(120_000);
  // NSD checks allow-notify keys: the bridge signs NOTIFY for zones with a TSIG key.
  await runSecondaryScenario(t, 'nsd', (o) => NsdServer.start(o), { SHOAL_BRIDGE_NOTIFY_TSIG: 'true' });
});
