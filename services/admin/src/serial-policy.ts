import { SerialPolicy } from '@shoal/events';

/** RFC 1982 serial addition: wraps in 32 bits. */
function add(serial: number, n: number): number {
  return (serial + n) % 0x1_0000_0000;
}

/** True when a is greater than b in RFC 1982 serial arithmetic. */
export function serialGreater(a: number, b: number): boolean {
  return a !== b && ((a > b && a - b < 0x8000_0000) || (a < b && b - a > 0x8000_0000));
}

function dateSerial(now: Date, counter: number): number {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const d = now.getUTCDate();
  return ((y * 100 + m) * 100 + d) * 100 + counter;
}

/**
 * The next SOA serial for a zone whose current serial is `current`. Every policy falls back
 * to current + 1 when its own value would not be greater (RFC 1982), so serials always move
 * forward and a secondary never misses a change.
 */
export function nextSerial(policy: SerialPolicy, current: number, now: Date): number {
  const fallback = add(current, 1);
  let candidate: number;
  switch (policy) {
    case SerialPolicy.SERIAL_POLICY_EPOCH:
      candidate = Math.floor(now.getTime() / 1000) >>> 0;
      break;
    case SerialPolicy.SERIAL_POLICY_DATE: {
      const today = dateSerial(now, 0);
      candidate = current >= today && current < today + 99 ? current + 1 : today;
      if (candidate > 0xffff_ffff) candidate = fallback;
      break;
    }
    default:
      return fallback;
  }
  return serialGreater(candidate, current) ? candidate : fallback;
}

/** The serial a new zone starts with. */
export function initialSerial(policy: SerialPolicy, now: Date): number {
  switch (policy) {
    case SerialPolicy.SERIAL_POLICY_EPOCH:
      return Math.floor(now.getTime() / 1000) >>> 0;
    case SerialPolicy.SERIAL_POLICY_DATE:
      return dateSerial(now, 1);
    default:
      return 1;
  }
}
