/**
 * A fixed-bucket histogram in a typed array: observe() is a short scan and two additions,
 * cheap enough for every packet. Buckets follow Prometheus `le` semantics (inclusive upper
 * bounds, one overflow bucket).
 */
export class LatencyHistogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly boundaries: readonly number[]) {
    this.counts = new Float64Array(boundaries.length + 1);
  }

  observe(value: number): void {
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && value > b[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/** Seconds; from 10 µs (a cached answer) to 1 s (a transfer of a large zone). */
export const QUERY_SECONDS_BUCKETS: readonly number[] = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
  0.5, 1,
];

/** Seconds; zone transfers take from milliseconds to minutes. */
export const TRANSFER_SECONDS_BUCKETS: readonly number[] = [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

/**
 * An estimate of the q-quantile from bucket counts (linear within the bucket, as PromQL's
 * histogram_quantile does); undefined without observations.
 */
export function quantile(
  boundaries: readonly number[],
  counts: ArrayLike<number>,
  q: number,
): number | undefined {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      if (i === boundaries.length) return boundaries[boundaries.length - 1];
      const lower = i === 0 ? 0 : boundaries[i - 1];
      return lower + (boundaries[i] - lower) * ((rank - seen) / counts[i]);
    }
    seen += counts[i];
  }
  return boundaries[boundaries.length - 1];
}
