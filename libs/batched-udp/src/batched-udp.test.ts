import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import test from 'ava';
import { batchedUdpUnavailable, openBatchedUdp } from './index.js';

function client(type: 'udp4' | 'udp6' = 'udp4'): Promise<Socket> {
  // A burst of replies must not overflow the client's own receive buffer.
  const socket = createSocket({ type, recvBufferSize: 4 << 20 });
  return new Promise((resolve) =>
    socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', () => resolve(socket)),
  );
}

function collect(socket: Socket, count: number, timeoutMs = 5000): Promise<[Buffer, RemoteInfo][]> {
  const got: [Buffer, RemoteInfo][] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${count} replies`)), timeoutMs);
    socket.on('message', (message, remote) => {
      got.push([message, remote]);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

test('the addon is built and loads', (t) => {
  t.is(batchedUdpUnavailable(), undefined);
});

test('answers every datagram of a burst, in batches, from the bound address', async (t) => {
  const seen: string[] = [];
  const server = openBatchedUdp({
    address: '127.0.0.1',
    port: 0,
    onDatagram: (message, source) => {
      seen.push(`${source.address}:${source.family}`);
      return Uint8Array.from(message).reverse();
    },
  });
  const c = await client();
  const count = 500;
  const replies = collect(c, count);
  for (let i = 0; i < count; i++) c.send(Buffer.from(`q${i}`), server.port, '127.0.0.1');
  const got = await replies;
  const texts = new Set(got.map(([m]) => m.toString()));
  for (let i = 0; i < count; i++) t.true(texts.has(`q${i}`.split('').reverse().join('')), `reply ${i}`);
  t.true(got.every(([, r]) => r.address === '127.0.0.1' && r.port === server.port));
  t.true(seen.every((s) => s === '127.0.0.1:4'));
  t.deepEqual(server.stats(), { received: count, sent: count, dropped: 0 });
  c.close();
  await server.close();
});

test('a datagram of 60,000 octets arrives whole', async (t) => {
  let length = -1;
  const server = openBatchedUdp({
    address: '127.0.0.1',
    port: 0,
    onDatagram: (message) => {
      length = message.length;
      return message.subarray(0, 10);
    },
  });
  const c = await client();
  const reply = collect(c, 1);
  const big = Buffer.alloc(60_000, 7);
  c.send(big, server.port, '127.0.0.1');
  const [[message]] = await reply;
  t.is(length, 60_000);
  t.deepEqual([...message], Array(10).fill(7));
  c.close();
  await server.close();
});

test('on a wildcard bind, replies leave from the address each query was sent to', async (t) => {
  const locals: (string | undefined)[] = [];
  const server = openBatchedUdp({
    address: '0.0.0.0',
    port: 0,
    onDatagram: (message, source) => {
      locals.push(source.localAddress);
      return message;
    },
  });
  const c = await client();
  const replies = collect(c, 3);
  for (const to of ['127.0.0.2', '127.0.0.3', '127.0.0.1']) c.send(Buffer.from(to), server.port, to);
  const got = await replies;
  for (const [message, remote] of got) t.is(remote.address, message.toString());
  t.deepEqual(locals.sort(), ['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  c.close();
  await server.close();
});

test('a dual-stack socket on :: answers IPv6 and IPv4 queries from the queried address', async (t) => {
  const peers: string[] = [];
  const server = openBatchedUdp({
    address: '::',
    port: 0,
    onDatagram: (message, source) => {
      peers.push(`${source.family} ${source.address}`);
      return message;
    },
  });
  const c4 = await client('udp4');
  const c6 = await client('udp6');
  const r4 = collect(c4, 1);
  const r6 = collect(c6, 1);
  c4.send(Buffer.from('v4'), server.port, '127.0.0.5');
  c6.send(Buffer.from('v6'), server.port, '::1');
  const [[m4, from4]] = await r4;
  const [[m6, from6]] = await r6;
  t.is(m4.toString(), 'v4');
  t.is(from4.address, '127.0.0.5');
  t.is(m6.toString(), 'v6');
  t.is(from6.address, '::1');
  t.deepEqual(peers.sort(), ['6 ::1', '6 ::ffff:127.0.0.1']);
  c4.close();
  c6.close();
  await server.close();
});

test('a reply can be sent later with the return path', async (t) => {
  const server = openBatchedUdp({
    address: '127.0.0.1',
    port: 0,
    onDatagram: (message, source) => {
      const path = source.returnPath();
      setTimeout(() => server.sendTo(Buffer.concat([Buffer.from('late '), message]), path), 20);
      return null;
    },
  });
  const c = await client();
  const replies = collect(c, 2);
  c.send(Buffer.from('a'), server.port, '127.0.0.1');
  c.send(Buffer.from('b'), server.port, '127.0.0.1');
  const got = (await replies).map(([m]) => m.toString()).sort();
  t.deepEqual(got, ['late a', 'late b']);
  await server.close();
  t.false(server.sendTo(Buffer.from('x'), new Uint8Array(64)), 'nothing is sent after close');
  c.close();
});

test('a handler that throws loses its own reply only', async (t) => {
  const errors: unknown[] = [];
  const server = openBatchedUdp({
    address: '127.0.0.1',
    port: 0,
    onError: (error) => errors.push(error),
    onDatagram: (message) => {
      if (Buffer.from(message).toString() === 'boom') throw new Error('boom');
      return message;
    },
  });
  const c = await client();
  const replies = collect(c, 2);
  for (const m of ['one', 'boom', 'two']) c.send(Buffer.from(m), server.port, '127.0.0.1');
  const got = (await replies).map(([m]) => m.toString()).sort();
  t.deepEqual(got, ['one', 'two']);
  t.is(errors.length, 1);
  c.close();
  await server.close();
});

test('binding a taken port fails with EADDRINUSE; reusePort lets sockets share one', async (t) => {
  const taken = createSocket('udp4');
  await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', () => resolve()));
  const error = t.throws(() =>
    openBatchedUdp({ address: '127.0.0.1', port: taken.address().port, onDatagram: () => null }),
  );
  t.is((error as NodeJS.ErrnoException).code, 'EADDRINUSE');
  taken.close();

  const a = openBatchedUdp({
    address: '127.0.0.1',
    port: 0,
    reusePort: true,
    onDatagram: () => Buffer.from('a'),
  });
  const b = openBatchedUdp({
    address: '127.0.0.1',
    port: a.port,
    reusePort: true,
    onDatagram: () => Buffer.from('b'),
  });
  t.is(b.port, a.port);
  // The kernel spreads by flow: several clients reach both sockets.
  const answeredBy = new Set<string>();
  for (let i = 0; i < 32 && answeredBy.size < 2; i++) {
    const c = await client();
    const reply = collect(c, 1);
    c.send(Buffer.from('?'), a.port, '127.0.0.1');
    answeredBy.add((await reply)[0][0].toString());
    c.close();
  }
  t.deepEqual([...answeredBy].sort(), ['a', 'b']);
  await a.close();
  await b.close();
});

test('close frees the port', async (t) => {
  const first = openBatchedUdp({ address: '127.0.0.1', port: 0, onDatagram: () => null });
  const port = first.port;
  await first.close();
  await first.close();
  const again = openBatchedUdp({ address: '127.0.0.1', port, onDatagram: () => null });
  t.is(again.port, port);
  await again.close();
});

test('addresses that are not IP literals are refused', (t) => {
  t.throws(() => openBatchedUdp({ address: 'localhost', port: 0, onDatagram: () => null }), {
    message: /IPv4 or IPv6 address literal/,
  });
});
