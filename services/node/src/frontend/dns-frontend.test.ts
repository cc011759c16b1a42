import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Catalog, Responder, Zone } from '@shoal/authority';
import { decodeMessage, encodeMessage, Name, queryMessage, RRType, recordFromText } from '@shoal/dns-wire';
import test from 'ava';
import { startDnsFrontend } from './dns-frontend.js';
import type { QueryHandler } from './query-handler.js';

function responder(): Responder {
  const zone = new Zone(Name.parse('example.test.'));
  zone.addRecord(recordFromText('example.test. 300 SOA ns.example.test. h.example.test. 1 2 3 4 5'));
  zone.addRecord(recordFromText('www.example.test. 300 A 192.0.2.1'));
  const catalog = new Catalog();
  catalog.set(zone);
  return new Responder(catalog);
}

function query(name: string, id: number): Uint8Array {
  return encodeMessage(queryMessage(Name.parse(name), RRType.A, { id }));
}

function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + message.length);
  out.writeUInt16BE(message.length, 0);
  out.set(message, 2);
  return out;
}

function udpAsk(
  port: number,
  address: string,
  bytes: Uint8Array,
  timeoutMs = 1000,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, timeoutMs);
    socket.once('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(bytes, port, address);
  });
}

/** A TCP client that collects every framed message it receives. */
class TcpClient {
  readonly messages: Uint8Array[] = [];
  readonly socket: Socket;
  readonly closed: Promise<void>;
  #pending = Buffer.alloc(0);

  constructor(port: number, address = '127.0.0.1') {
    this.socket = connect(port, address);
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.socket.on('data', (chunk) => {
      this.#pending = Buffer.concat([this.#pending, chunk]);
      while (this.#pending.length >= 2 && this.#pending.length >= 2 + this.#pending.readUInt16BE(0)) {
        const length = this.#pending.readUInt16BE(0);
        this.messages.push(this.#pending.subarray(2, 2 + length));
        this.#pending = this.#pending.subarray(2 + length);
      }
    });
  }

  async waitFor(count: number, timeoutMs = 2000): Promise<Uint8Array[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${this.messages.length} of ${count} messages`);
      await sleep(5);
    }
    return this.messages;
  }
}

const ids = (messages: Uint8Array[]) => messages.map((message) => decodeMessage(message).id);

test('answers over UDP and TCP on the same port', async (t) => {
  const frontend = await startDnsFrontend({ port: 0, responder: responder() });
  t.is(frontend.udpPort, frontend.tcpPort);
  const udp = await udpAsk(frontend.udpPort!, '127.0.0.1', query('www.example.test.', 1));
  t.is(decodeMessage(udp!).answers.length, 1);
  const client = new TcpClient(frontend.tcpPort!);
  client.socket.write(frame(query('www.example.test.', 2)));
  const [reply] = await client.waitFor(1);
  t.is(decodeMessage(reply).id, 2);
  client.socket.destroy();
  await frontend.close();
});

test('listens on IPv6 loopback', async (t) => {
  const frontend = await startDnsFrontend({ address: '::1', port: 0, responder: responder() });
  const udp = await udpAsk(frontend.udpPort!, '::1', query('www.example.test.', 3));
  t.is(decodeMessage(udp!).id, 3);
  const client = new TcpClient(frontend.tcpPort!, '::1');
  client.socket.write(frame(query('www.example.test.', 4)));
  t.deepEqual(ids(await client.waitFor(1)), [4]);
  client.socket.destroy();
  await frontend.close();
});

test('a null reply sends nothing', async (t) => {
  const frontend = await startDnsFrontend({ port: 0, handler: () => null });
  t.is(await udpAsk(frontend.udpPort!, '127.0.0.1', query('www.example.test.', 5), 200), undefined);
  await frontend.close();
});

test('pipelined TCP queries are answered as they are ready, out of order (RFC 7766 §6.2.1.1)', async (t) => {
  const inner = responder();
  const handler: QueryHandler = async (bytes, ctx) => {
    if (decodeMessage(bytes).id === 10) await sleep(100);
    return inner.respond(bytes, ctx.transport);
  };
  const frontend = await startDnsFrontend({ port: 0, handler });
  const client = new TcpClient(frontend.tcpPort!);
  client.socket.write(
    Buffer.concat([frame(query('www.example.test.', 10)), frame(query('www.example.test.', 11))]),
  );
  t.deepEqual(ids(await client.waitFor(2)), [11, 10]);
  client.socket.destroy();
  await frontend.close();
});

test('queries split across segments are reassembled', async (t) => {
  const frontend = await startDnsFrontend({ port: 0, responder: responder() });
  const client = new TcpClient(frontend.tcpPort!);
  const bytes = Buffer.concat([frame(query('www.example.test.', 12)), frame(query('www.example.test.', 13))]);
  for (const byte of bytes) {
    client.socket.write(Uint8Array.of(byte));
    await sleep(0);
  }
  t.deepEqual(ids(await client.waitFor(2)), [12, 13]);
  client.socket.destroy();
  await frontend.close();
});

test('a streamed reply goes out message by message, in order', async (t) => {
  const inner = responder();
  const handler: QueryHandler = (bytes, ctx) =>
    (async function* () {
      for (let i = 0; i < 3; i++) {
        await sleep(5);
        const reply = inner.respond(bytes, ctx.transport)!;
        reply[1] = i;
        yield reply;
      }
    })();
  const frontend = await startDnsFrontend({ port: 0, handler });
  const client = new TcpClient(frontend.tcpPort!);
  client.socket.write(frame(query('www.example.test.', 0x2000)));
  t.deepEqual(ids(await client.waitFor(3)), [0x2000, 0x2001, 0x2002]);
  client.socket.destroy();
  await frontend.close();
});

test('idle TCP connections are closed (RFC 7766 §6.2.3)', async (t) => {
  const frontend = await startDnsFrontend({ port: 0, responder: responder(), tcpIdleTimeoutMs: 100 });
  const client = new TcpClient(frontend.tcpPort!);
  client.socket.write(frame(query('www.example.test.', 20)));
  await client.waitFor(1);
  const started = Date.now();
  await client.closed;
  t.true(Date.now() - started < 5000);
  await frontend.close();
});

test('connections beyond the per-client limit are closed at once', async (t) => {
  const frontend = await startDnsFrontend({ port: 0, responder: responder(), maxTcpConnectionsPerClient: 2 });
  const kept = [new TcpClient(frontend.tcpPort!), new TcpClient(frontend.tcpPort!)];
  for (const [i, client] of kept.entries()) {
    client.socket.write(frame(query('www.example.test.', 30 + i)));
    await client.waitFor(1);
  }
  const refused = new TcpClient(frontend.tcpPort!);
  await refused.closed;
  t.is(refused.messages.length, 0);
  kept[0].socket.destroy();
  await kept[0].closed;
  // The server sees the close a moment later; until then a new connection is still refused.
  let again = new TcpClient(frontend.tcpPort!);
  for (
    let attempt = 0;
    attempt < 100 && (await Promise.race([again.closed.then(() => true), sleep(50)]));
    attempt++
  ) {
    again = new TcpClient(frontend.tcpPort!);
  }
  again.socket.write(frame(query('www.example.test.', 40)));
  t.deepEqual(ids(await again.waitFor(1)), [40], 'a slot freed up');
  for (const client of [kept[1], again]) client.socket.destroy();
  await frontend.close();
});

test('close finishes queries in flight, then stops', async (t) => {
  const inner = responder();
  let received!: () => void;
  const inFlight = new Promise<void>((resolve) => (received = resolve));
  const handler: QueryHandler = async (bytes, ctx) => {
    received();
    await sleep(100);
    return inner.respond(bytes, ctx.transport);
  };
  const frontend = await startDnsFrontend({ port: 0, handler });
  const client = new TcpClient(frontend.tcpPort!);
  client.socket.write(frame(query('www.example.test.', 50)));
  await inFlight;
  await frontend.close();
  t.deepEqual(ids(client.messages), [50]);
  await client.closed;
  const late = new TcpClient(frontend.tcpPort!);
  await late.closed;
  t.is(late.messages.length, 0);
});

for (const io of ['batched', 'dgram'] as const) {
  test(`UDP through ${io} I/O: direct, promised and failing answers`, async (t) => {
    const inner = responder();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const handler: QueryHandler = (bytes, ctx) => {
      seen.push(`${ctx.transport} ${ctx.remoteAddress}`);
      const id = decodeMessage(bytes).id;
      if (id === 66) throw new Error('handler failed');
      if (id >= 100) return sleep(20).then(() => inner.respond(bytes, ctx.transport));
      return inner.respond(bytes, ctx.transport);
    };
    const frontend = await startDnsFrontend({ port: 0, handler, udpIo: io, onError: (e) => errors.push(e) });
    t.is(frontend.udpIo, io);
    const replies = await Promise.all(
      [1, 2, 66, 100, 101].map((id) =>
        udpAsk(frontend.udpPort!, '127.0.0.1', query('www.example.test.', id), 500),
      ),
    );
    t.deepEqual(
      replies.map((r) => (r === undefined ? undefined : decodeMessage(r).id)),
      [1, 2, undefined, 100, 101],
    );
    t.is(decodeMessage(replies[3]!).answers.length, 1);
    t.is(errors.length, 1);
    t.true(seen.every((s) => s === 'udp 127.0.0.1'));
    await frontend.close();
  });
}

test('UDP I/O is batched by default', async (t) => {
  const frontend = await startDnsFrontend({ port: 0, responder: responder() });
  t.is(frontend.udpIo, 'batched');
  await frontend.close();
});
