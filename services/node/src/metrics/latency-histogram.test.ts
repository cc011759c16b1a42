import test from 'ava';
import { LatencyHistogram, quantile } from './latency-histogram.js';

test('observations land in le buckets with one overflow bucket', (t) => {
  const h = new LatencyHistogram([1, 2, 5]);
  for (const v of [0.5, 1, 1.5, 2, 4, 9]) h.observe(v);
  t.deepEqual([...h.counts], [2, 2, 1, 1]);
  t.is(h.count, 6);
  t.is(h.sum, 18);
});

test('quantiles interpolate within a bucket', (t) => {
  t.is(quantile([1, 2], [0, 0, 0], 0.5), undefined);
  t.is(quantile([1, 2], [10, 0, 0], 0.5), 0.5);
  t.is(quantile([1, 2], [0, 10, 0], 0.5), 1.5);
  t.is(quantile([1, 2], [0, 0, 10], 0.99), 2);
  const p90 = quantile([1, 2, 4], [50, 40, 10, 0], 0.9)!;
  t.true(p90 > 1.9 && p90 <= 2);
});
