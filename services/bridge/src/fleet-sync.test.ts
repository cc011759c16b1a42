import test from 'ava';
import { FleetSync } from './fleet-sync.js';

test('a change counts as applied when every live node has it; silent nodes are not waited for', async (t) => {
  let now = 1_000_000;
  const fleet = new FleetSync(3_000, () => now);
  t.true(fleet.applied(10), 'no nodes known: nothing to wait for');
  fleet.note('a', 9);
  fleet.note('b', 12);
  t.false(fleet.applied(10));
  const waiting = fleet.waitApplied(10, 5_000);
  fleet.note('a', 10);
  t.true(await waiting);
  now += 4_000;
  fleet.note('b', 20);
  t.true(fleet.applied(15), 'a went silent');
  t.false(await fleet.waitApplied(25, 20));
  fleet.stop();
});
