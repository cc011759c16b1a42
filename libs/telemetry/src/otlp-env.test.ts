import test from 'ava';
import { decideTracing, serviceName } from './otlp-env.js';

test('tracing is off without an endpoint and on with one', (t) => {
  t.false(decideTracing({}).enabled);
  t.true(decideTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).enabled);
  t.true(decideTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }).enabled);
});

test('the standard switches turn tracing off', (t) => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
  t.false(decideTracing({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).enabled);
  t.false(decideTracing({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).enabled);
  t.false(decideTracing({ ...endpoint, OTEL_TRACES_EXPORTER: 'zipkin' }).enabled);
});

test('a protocol other than http/json is noted, not fatal', (t) => {
  const d = decideTracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
  });
  t.true(d.enabled);
  t.regex(d.note ?? '', /grpc/);
});

test('OTEL_SERVICE_NAME overrides the default name', (t) => {
  t.is(serviceName({}, 'shoal-node'), 'shoal-node');
  t.is(serviceName({ OTEL_SERVICE_NAME: 'dns-edge' }, 'shoal-node'), 'dns-edge');
});
