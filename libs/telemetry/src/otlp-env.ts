/**
 * Reading the standard OpenTelemetry environment variables (the OTLP exporter itself reads the
 * endpoint, headers and timeouts; this only decides whether tracing is on). Pure.
 */

export type Env = Record<string, string | undefined>;

export interface TracingDecision {
  enabled: boolean;
  /** Why tracing is off, or a warning about a setting we do not honour; for the start-up log. */
  note?: string;
}

/**
 * Traces are exported when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or the
 * traces-specific one) and OTEL_TRACES_EXPORTER / OTEL_SDK_DISABLED do not turn them off.
 * Only OTLP over HTTP with JSON is built in: it needs no protobuf runtime and every collector
 * accepts it.
 */
export function decideTracing(env: Env): TracingDecision {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true')
    return { enabled: false, note: 'OTEL_SDK_DISABLED=true' };
  const exporters = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((s) => s.trim().toLowerCase());
  if (exporters.includes('none') || !exporters.includes('otlp')) {
    return { enabled: false, note: `OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}` };
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return { enabled: false, note: 'no OTEL_EXPORTER_OTLP_ENDPOINT' };
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/json'
  ).trim();
  if (protocol !== 'http/json') {
    return {
      enabled: true,
      note: `OTLP protocol ${protocol} is not built in; sending http/json to ${endpoint}`,
    };
  }
  return { enabled: true };
}

/** OTEL_SERVICE_NAME wins over the service's own name, as the specification asks. */
export function serviceName(env: Env, fallback: string): string {
  return env.OTEL_SERVICE_NAME?.trim() || fallback;
}
