import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage, Name, queryMessage, RRType } from '@shoal/dns-wire';
import test from 'ava';
import { pino } from 'pino';
import { loadNodeConfig } from '../config.js';
import { NodeServer } from '../node-server.js';

function frame(id: number): Buffer {
  const q = encodeMessage(queryMessage(Name.parse('slow.test.'), RRType.TXT, { id }));
  const out = Buffer.alloc(2 + q.length);
  out.writeUInt16BE(q.length);
  out.set(q, 2);
  return out;
}

test('stop() stops accepting, answers the TCP queries in flight, then closes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  const config = loadNodeConfig({
    SHOAL_NODE_ID: 'shutdown-1',
    SHOAL_NODE_DATA_DIR: dir,
    SHOAL_DNS_LISTEN: '127.0.0.1:0',
    SHOAL_CHECKPOINT_BOOTSTRAP: 'false',
    SHOAL_WEB_LISTEN: 'off',
  });
  const node = new NodeServer(config, pino({ level: 'silent' }));
  await node.open();
  // A query whose answer takes a while: as a zone transfer or a slow interceptor would.
  let answered = 0;
  node.interceptors.push(async (query) => {
    await new Promise((r) => setTimeout(r, 300));
    answered++;
    const reply = query.slice();
    reply[2] |= 0x80;
    return reply;
  });
  await node.listen();
  const port = node.frontends[0].tcpPort!;
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const replies: number[] = [];
  let buffer = Buffer.alloc(0);
  socket.on('data', (d) => {
    buffer = Buffer.concat([buffer, d]);
    while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
      replies.push(buffer.readUInt16BE(2));
      buffer = buffer.subarray(2 + buffer.readUInt16BE(0));
    }
  });
  const closed = new Promise((r) => socket.once('close', r));
  socket.write(Buffer.concat([frame(1), frame(2), frame(3)]));
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await node.stop();
  t.true(Date.now() - started >= 150, 'stop waited for the queries in flight');
  t.deepEqual(replies.sort(), [1, 2, 3], 'every query in flight got its answer');
  t.is(answered, 3);
  await closed;
  // Nothing listens any more.
  const refused = await new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
  t.true(refused);
  rmSync(dir, { recursive: true, force: true });
});
