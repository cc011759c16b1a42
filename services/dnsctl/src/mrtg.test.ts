import test from 'ava';
import { humanDuration, mrtgLines } from './mrtg.js';

test("uptime reads like PowerDNS's humanDuration", (t) => {
  t.is(humanDuration(42), '42 seconds');
  t.is(humanDuration(150), '2.5 minutes');
  t.is(humanDuration(3599), '60 minutes');
  t.is(humanDuration(5400), '1.5 hours');
  t.is(humanDuration(86400 * 2), '2 days');
  t.is(humanDuration(86400 * 61), '2.01 months');
});

test('MRTG output is four lines: value, value (or 0), uptime, description', (t) => {
  t.is(mrtgLines(12, 7, 150, 'Shoal DNS fleet'), '12\n7\n2.5 minutes\nShoal DNS fleet');
  t.is(mrtgLines(12, undefined, 5, 'x').split('\n')[1], '0');
});
