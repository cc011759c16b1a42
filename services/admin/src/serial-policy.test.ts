import { SerialPolicy } from '@shoal/events';
import test from 'ava';
import { initialSerial, nextSerial, serialGreater } from './serial-policy.js';

const now = new Date('2026-11-22T12:00:00Z');

test('increment adds one and wraps (RFC 1982)', (t) => {
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_INCREMENT, 41, now), 42);
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_INCREMENT, 0xffff_ffff, now), 0);
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_UNSPECIFIED, 7, now), 8);
});

test('date policy: YYYYMMDDnn, counting within the day', (t) => {
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_DATE, 2026112101, now), 2026112200);
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_DATE, 2026112200, now), 2026112201);
  t.is(initialSerial(SerialPolicy.SERIAL_POLICY_DATE, now), 2026112201);
  // Ahead of the date already (100 changes in a day): keep incrementing.
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_DATE, 2026112299, now), 2026112300);
});

test('epoch policy never goes backwards', (t) => {
  const epoch = Math.floor(now.getTime() / 1000);
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_EPOCH, 5, now), epoch);
  t.is(nextSerial(SerialPolicy.SERIAL_POLICY_EPOCH, epoch + 10, now), epoch + 11);
});

test('serialGreater follows RFC 1982', (t) => {
  t.true(serialGreater(1, 0));
  t.true(serialGreater(0, 0xffff_ffff));
  t.false(serialGreater(0xffff_ffff, 0));
  t.false(serialGreater(5, 5));
});
