import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { HistogramProducer, type HistogramSource } from './histogram-producer.js';

export interface Metrics {
  provider: MeterProvider;
  /** The Prometheus text exposition of every instrument and histogram source, for a /metrics route. */
  prometheusText(): Promise<string>;
}

/**
 * A global meter provider read by a Prometheus exporter that never opens a port of its own:
 * the service serves the text on its own web server, behind its own authentication.
 */
export function setupMetrics(resource: Resource, histograms: () => readonly HistogramSource[]): Metrics {
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    withoutScopeInfo: true,
    metricProducers: [new HistogramProducer(histograms)],
  });
  const provider = new MeterProvider({ resource, readers: [exporter] });
  metrics.setGlobalMeterProvider(provider);
  const serializer = new PrometheusSerializer(undefined, undefined, undefined, false, true);
  return {
    provider,
    async prometheusText() {
      const { resourceMetrics, errors } = await exporter.collect();
      let text = serializer.serialize(resourceMetrics);
      // A failing callback must not empty the page; it shows as a comment, the rest stays.
      for (const e of errors) text += `# collection error: ${String(e).replace(/\n/g, ' ')}\n`;
      return text;
    },
  };
}
