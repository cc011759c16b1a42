import { isIPv6 } from 'node:net';
import test from 'ava';
import fc from 'fast-check';
import { formatIpv4, formatIpv6, localAddress, peerAddress, peerPort } from './return-path.js';

function v6(text: string): Uint8Array {
  // Expand with Node's own parser through URL, then read the groups back.
  const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head, tail] = host.split('::');
  const parts = (s: string | undefined) => (s ? s.split(':') : []);
  const left = parts(head);
  const right = parts(tail);
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  });
  return bytes;
}

test('IPv6 text follows RFC 5952', (t) => {
  const cases: [string, string][] = [
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one zero group stays
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3: the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3: the first of equal runs
    ['2001:DB8:0:0:0:0:0:0', '2001:db8::'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
  ];
  for (const [input, expected] of cases) t.is(formatIpv6(v6(input), 0), expected, input);
});

test('IPv4-mapped IPv6 keeps the dotted quad, as Node prints it', (t) => {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set([192, 0, 2, 33], 12);
  t.is(formatIpv6(bytes, 0), '::ffff:192.0.2.33');
});

test('formatted IPv6 parses back to the same octets', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(8), (raw, zeros) => {
      // Bias towards zero runs, where the shortening rules matter.
      const bytes = Uint8Array.from(raw);
      bytes.fill(0, 2 * (zeros % 8), 2 * (zeros % 8) + 2 * ((zeros * 3) % 5));
      const text = formatIpv6(bytes, 0);
      if (!isIPv6(text)) return false;
      return Buffer.from(v6(text)).equals(Buffer.from(bytes));
    }),
  );
  t.pass();
});

test('a return path gives the peer, its port and the local address', (t) => {
  const path = new Uint8Array(64);
  path[0] = 2; // AF_INET, host order on little-endian machines; the family byte at 28 is what counts
  path[2] = 0x13;
  path[3] = 0x88;
  path.set([127, 0, 0, 9], 4);
  path[28] = 4;
  path[29] = 4;
  path.set([127, 0, 0, 2], 32);
  t.is(peerPort(path, 0), 5000);
  t.is(peerAddress(path, 0), '127.0.0.9');
  t.is(localAddress(path, 0), '127.0.0.2');
  path[29] = 0;
  t.is(localAddress(path, 0), undefined);
  t.is(formatIpv4(Uint8Array.from([10, 0, 0, 255]), 0), '10.0.0.255');
});
