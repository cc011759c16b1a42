import { metrics } from '@opentelemetry/api';
import test from 'ava';
import { startTelemetry } from './telemetry.js';

test('one process-wide set-up: API instruments and application histograms in one Prometheus text', async (t) => {
  const counts = new Float64Array([1, 2, 0]);
  const telemetry = startTelemetry({
    serviceName: 'shoal-test',
    instanceId: 'unit-1',
    env: {},
    histograms: () => [
      {
        name: 'test_duration_seconds',
        description: 'a histogram kept by the application',
        unit: '',
        boundaries: [0.001, 0.01],
        series: () => [{ attributes: { transport: 'udp' }, counts, sum: 0.012, count: 3 }],
      },
    ],
  });
  t.false(telemetry.tracingEnabled);
  metrics.getMeter('t').createCounter('test_things').add(2, { kind: 'a' });
  metrics
    .getMeter('t')
    .createObservableGauge('test_level')
    .addCallback((r) => r.observe(7));
  const text = await telemetry.prometheusText();
  t.regex(text, /target_info\{[^}]*service_name="shoal-test"[^}]*service_instance_id="unit-1"/);
  t.regex(text, /^test_things_total\{kind="a"\} 2$/m);
  t.regex(text, /^test_level 7$/m);
  t.regex(text, /^# TYPE test_duration_seconds histogram$/m);
  t.regex(text, /^test_duration_seconds_bucket\{transport="udp",le="0.001"\} 1$/m);
  t.regex(text, /^test_duration_seconds_bucket\{transport="udp",le="0.01"\} 3$/m, 'buckets are cumulative');
  t.regex(text, /^test_duration_seconds_bucket\{transport="udp",le="\+Inf"\} 3$/m);
  t.regex(text, /^test_duration_seconds_count\{transport="udp"\} 3$/m);
  // The application's arrays are read at each collection, not copied once.
  counts[2] = 5;
  t.regex(
    await telemetry.prometheusText(),
    /^test_duration_seconds_bucket\{transport="udp",le="\+Inf"\} 8$/m,
  );
  await telemetry.shutdown();
});
