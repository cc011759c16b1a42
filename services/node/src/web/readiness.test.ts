import test from 'ava';
import { evaluateReadiness, type ReadinessInput } from './readiness.js';

const limits = { maxLagEvents: 10, maxLagSeconds: 5, maxDisconnectedSeconds: 10, drainSeconds: 0 };
const healthy: ReadinessInput = {
  serving: true,
  disconnectedSeconds: 0,
  positionKnown: true,
  lag: { events: 0, seconds: 0 },
};

test('serving, connected and caught up is ready', (t) => {
  t.deepEqual(evaluateReadiness(healthy, limits), { ready: true, reasons: [] });
  t.true(
    evaluateReadiness({ ...healthy, lag: { events: 10, seconds: 5 } }, limits).ready,
    'limits are inclusive',
  );
});

test('each failed condition is named', (t) => {
  const r = evaluateReadiness(
    { serving: false, disconnectedSeconds: 12, positionKnown: false, lag: { events: 11, seconds: 6 } },
    limits,
  );
  t.false(r.ready);
  t.deepEqual(r.reasons, [
    'DNS sockets are not open',
    'NATS unreachable for 12.0 s (limit 10 s)',
    'stream position not known yet',
    '11 events behind (limit 10)',
    'behind for 6.0 s (limit 5 s)',
  ]);
});

test('a node shutting down is not ready', (t) => {
  t.deepEqual(evaluateReadiness({ ...healthy, draining: true }, limits), {
    ready: false,
    reasons: ['shutting down'],
  });
});

test('a short NATS outage is tolerated; a negative limit ignores outages entirely', (t) => {
  t.true(evaluateReadiness({ ...healthy, disconnectedSeconds: 3 }, limits).ready);
  t.false(
    evaluateReadiness({ ...healthy, disconnectedSeconds: 0.5 }, { ...limits, maxDisconnectedSeconds: 0 })
      .ready,
  );
  t.true(
    evaluateReadiness({ ...healthy, disconnectedSeconds: 3600 }, { ...limits, maxDisconnectedSeconds: -1 })
      .ready,
  );
});
