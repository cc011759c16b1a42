import {
  type Attributes,
  context,
  isSpanContextValid,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

export const tracer = trace.getTracer('shoal-admin');

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?$/;

/** A W3C trace context header (https://www.w3.org/TR/trace-context/#traceparent-header), or undefined. */
export function parseTraceparent(value: string | undefined): SpanContext | undefined {
  const m = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!m || m[1] === 'ff') return undefined;
  const sc: SpanContext = {
    traceId: m[2],
    spanId: m[3],
    traceFlags: Number.parseInt(m[4], 16),
    isRemote: true,
  };
  return isSpanContextValid(sc) ? sc : undefined;
}

export function formatTraceparent(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/**
 * Runs `fn` in a server span that continues the caller's trace. `fn` receives the traceparent
 * to hand on (into the event's provenance and its NATS header): the span's own context when a
 * tracing SDK records spans, else the caller's, so the trace id always survives.
 */
export function inServerSpan<T>(
  name: string,
  incoming: string | undefined,
  attributes: Attributes,
  fn: (span: Span, traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  const parent = parseTraceparent(incoming);
  const ctx = parent ? trace.setSpanContext(context.active(), parent) : context.active();
  return tracer.startActiveSpan(name, { kind: SpanKind.SERVER, attributes }, ctx, async (span) => {
    const own = span.spanContext();
    const traceparent = isSpanContextValid(own) ? formatTraceparent(own) : undefined;
    try {
      const result = await fn(span, traceparent);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}
