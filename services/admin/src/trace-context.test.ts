import test from 'ava';
import { formatTraceparent, inServerSpan, parseTraceparent } from './trace-context.js';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

test('W3C traceparent parses and formats back', (t) => {
  const sc = parseTraceparent(TP)!;
  t.is(sc.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  t.is(sc.spanId, '00f067aa0ba902b7');
  t.is(formatTraceparent(sc), TP);
});

test('invalid trace contexts are ignored', (t) => {
  t.is(parseTraceparent(undefined), undefined);
  t.is(parseTraceparent('garbage'), undefined);
  t.is(
    parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01'),
    undefined,
    'all-zero trace id',
  );
  t.is(parseTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'), undefined, 'version ff');
});

test('a span continues the caller trace: the trace id is handed on (no SDK: the caller context itself)', async (t) => {
  const handed = await inServerSpan('x', TP, {}, async (_span, traceparent) => traceparent);
  t.is(handed?.split('-')[1], '4bf92f3577b34da6a3ce929d0e0e4736');
  t.is(await inServerSpan('x', undefined, {}, async (_s, tp) => tp), undefined);
});
