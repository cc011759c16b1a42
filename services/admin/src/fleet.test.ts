import test from 'ava';
import { FleetTracker } from './fleet.js';

test('waitForSync ends at its timeout even when the wall clock lags the timer', async (t) => {
  // libuv times a setTimeout from the loop's cached time, so it can fire a little before
  // Date.now() shows the timeout passed. Simulate a wall clock 20 ms behind.
  const realNow = Date.now;
  const started = realNow();
  Date.now = () => realNow() - (realNow() - started > 0 ? 20 : 0);
  try {
    const fleet = new FleetTracker();
    const result = await Promise.race([
      fleet.waitForSync({ sequence: 5, timeoutMs: 100, nodeIds: [] }),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 2000)),
    ]);
    t.not(result, 'hung');
    if (result !== 'hung') t.false(result.inSync);
  } finally {
    Date.now = realNow;
  }
});
