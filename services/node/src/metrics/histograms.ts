import type { HistogramSource } from '@shoal/telemetry';
import { TRANSPORT_LABELS } from './labels.js';
import type { QueryMeter } from './query-meter.js';

/** The meter's histograms in the shape the telemetry set-up reads at collection time. */
export function queryHistograms(meter: QueryMeter): HistogramSource[] {
  return [
    {
      name: 'dns_node_query_duration_seconds',
      description: 'Time from a query reaching the handler to its reply being ready, by transport',
      unit: '',
      boundaries: meter.latency[0].boundaries,
      series: () =>
        meter.latency.map((h, i) => ({
          attributes: { transport: TRANSPORT_LABELS[i] },
          counts: h.counts,
          sum: h.sum,
          count: h.count,
        })),
    },
    {
      name: 'dns_node_transfer_duration_seconds',
      description: 'Time from a zone-transfer request to its last message',
      unit: '',
      boundaries: meter.transferSeconds.boundaries,
      series: () => [
        {
          attributes: {},
          counts: meter.transferSeconds.counts,
          sum: meter.transferSeconds.sum,
          count: meter.transferSeconds.count,
        },
      ],
    },
  ];
}
