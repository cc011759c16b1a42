import test from 'ava';
import { localAddress, peerAddress, peerPort } from './return-path.js';

function path(family: 4 | 6, local: 0 | 4 | 6): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes[2] = 0x13; // port 5000, network order, at offset 2 in sockaddr_in and sockaddr_in6
  bytes[3] = 0x88;
  bytes[28] = family;
  bytes[29] = local;
  return bytes;
}

test('an IPv4 return path gives the peer, its port and the local address', (t) => {
  const p = path(4, 4);
  p.set([127, 0, 0, 9], 4);
  p.set([127, 0, 0, 2], 32);
  t.is(peerPort(p, 0), 5000);
  t.is(peerAddress(p, 0), '127.0.0.9');
  t.is(localAddress(p, 0), '127.0.0.2');
  p[29] = 0;
  t.is(localAddress(p, 0), undefined, 'no pktinfo: the kernel chooses the source');
});

test('an IPv6 return path, with a mapped IPv4 peer as Node prints it', (t) => {
  const p = path(6, 6);
  p.set([0x20, 0x01, 0x0d, 0xb8], 8);
  p[23] = 1;
  p.set([0xfe, 0x80], 32);
  p[47] = 0x53;
  t.is(peerAddress(p, 0), '2001:db8::1');
  t.is(localAddress(p, 0), 'fe80::53');
  const mapped = path(6, 4);
  mapped.set([0xff, 0xff, 192, 0, 2, 33], 18);
  mapped.set([192, 0, 2, 53], 32);
  t.is(peerAddress(mapped, 0), '::ffff:192.0.2.33');
  t.is(localAddress(mapped, 0), '192.0.2.53');
});
