import test from 'ava';
import { LagTracker } from './replication.js';

test('caught up means no lag', (t) => {
  t.deepEqual(new LagTracker().update(10, 10, 5000), { events: 0, seconds: 0 });
  t.deepEqual(new LagTracker().update(10, 3, 5000), { events: 0, seconds: 0 });
});

test('lag seconds count from the moment the node was first seen behind, and reset when caught up', (t) => {
  const lag = new LagTracker();
  t.deepEqual(lag.update(7, 10, 1000), { events: 3, seconds: 0 });
  t.deepEqual(lag.update(8, 10, 3500), { events: 2, seconds: 2.5 });
  t.deepEqual(lag.update(10, 10, 4000), { events: 0, seconds: 0 });
  t.deepEqual(lag.update(10, 11, 9000), { events: 1, seconds: 0 });
});
