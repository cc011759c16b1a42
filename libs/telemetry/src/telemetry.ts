import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { HistogramSource } from './histogram-producer.js';
import { setupMetrics } from './metrics.js';
import { type Env, serviceName } from './otlp-env.js';
import { setupTracing } from './tracing.js';

export interface TelemetryOptions {
  /** service.name unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  serviceVersion?: string;
  /** service.instance.id: the node id, the admin's host name. */
  instanceId: string;
  attributes?: Attributes;
  env?: Env;
  /** Histograms the service keeps itself (see HistogramSource); read at each collection. */
  histograms?: () => readonly HistogramSource[];
}

export interface Telemetry {
  tracingEnabled: boolean;
  /** Why tracing is off or how it deviates from the environment; undefined when all is as asked. */
  tracingNote?: string;
  prometheusText(): Promise<string>;
  /** Exports spans still buffered and stops the providers; call once before exit. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry for one service process, called once from its main.ts before anything else
 * records: libraries and features use only @opentelemetry/api and find these providers there.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  const resource = resourceFromAttributes({
    'service.name': serviceName(env, options.serviceName),
    'service.instance.id': options.instanceId,
    ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    ...options.attributes,
  });
  const tracing = setupTracing(resource, env);
  const metrics = setupMetrics(resource, options.histograms ?? (() => []));
  let shut: Promise<void> | undefined;
  return {
    tracingEnabled: tracing.decision.enabled,
    tracingNote: tracing.decision.note,
    prometheusText: () => metrics.prometheusText(),
    shutdown: () =>
      (shut ??= Promise.allSettled([tracing.provider?.shutdown(), metrics.provider.shutdown()]).then(
        () => undefined,
      )),
  };
}
