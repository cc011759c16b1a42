import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { decideTracing, type Env, type TracingDecision } from './otlp-env.js';

export interface Tracing {
  decision: TracingDecision;
  provider?: TracerProvider;
}

/**
 * Installs W3C trace-context propagation and an async-context manager always (so a traceparent
 * that arrives is carried on even when this process exports nothing), and a tracer provider
 * exporting over OTLP when one is configured.
 */
export function setupTracing(resource: Resource, env: Env): Tracing {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const decision = decideTracing(env);
  if (!decision.enabled) return { decision };
  const provider = new TracerProvider({
    resource,
    // Batching keeps export off the request path; the exporter reads endpoint and headers from the environment.
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || 1000,
      }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  return { decision, provider };
}
