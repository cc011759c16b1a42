import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

/** One series of a histogram kept by the application itself (cumulative since start). */
export interface HistogramSeries {
  attributes: Attributes;
  /** One count per bucket: boundaries.length + 1 entries, the last one for values above every boundary. */
  counts: ArrayLike<number>;
  sum: number;
  count: number;
}

/**
 * A histogram the application fills itself (typed arrays on a hot path) and that is read only
 * when metrics are collected. OpenTelemetry has no observable histogram; a MetricProducer is
 * its sanctioned way to hand pre-aggregated data to the readers (Prometheus, OTLP).
 */
export interface HistogramSource {
  name: string;
  description: string;
  unit: string;
  /** Inclusive upper bounds, ascending. */
  boundaries: readonly number[];
  series(): HistogramSeries[];
}

function hrTime(ms: number): HrTime {
  return [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
}

/** Exposes application-kept histograms to OpenTelemetry metric readers. */
export class HistogramProducer implements MetricProducer {
  private readonly startTime = hrTime(Date.now());

  constructor(private readonly sources: () => readonly HistogramSource[]) {}

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime(Date.now());
    const metrics: MetricData[] = this.sources().map((source) => ({
      descriptor: {
        name: source.name,
        description: source.description,
        unit: source.unit,
        valueType: ValueType.DOUBLE,
      },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: source.series().map((s) => ({
        startTime: this.startTime,
        endTime,
        attributes: s.attributes,
        value: {
          buckets: { boundaries: [...source.boundaries], counts: Array.from(s.counts) },
          sum: s.sum,
          count: s.count,
        },
      })),
    }));
    return {
      // The reader replaces the resource with the SDK's own.
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: { name: 'shoal' }, metrics }] },
      errors: [],
    };
  }
}
