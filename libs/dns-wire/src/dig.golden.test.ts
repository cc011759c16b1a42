import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import test from 'ava';
import { EdnsOptionCode, Rcode, RRType, rrTypeToString } from './constants.js';
import { decodeEdnsOption } from './edns.js';
import type { Message, ResourceRecord } from './message.js';
import { decodeMessage } from './message-reader.js';
import { MessageWriter } from './message-writer.js';
import { recordFromText, recordToText } from './records.js';
import { ALL_TYPES_ZONE } from './testing/fixtures.js';
import { parseZoneText } from './zone-file/zone-text.js';

/**
 * Golden tests against BIND's dig and Knot's kdig: their queries decode as
 * expected, and our answers print, through dig, exactly as we print them.
 * They need the tools installed and fail, not skip, without them.
 */

const run = promisify(execFile);

interface Server {
  socket: Socket;
  port: number;
  queries: Uint8Array[];
}

/** A UDP server on 127.0.0.1 that records queries and answers them with `answer`. */
async function serve(answer: (query: Message) => Uint8Array): Promise<Server> {
  const socket = createSocket('udp4');
  const queries: Uint8Array[] = [];
  socket.on('message', (bytes, peer) => {
    queries.push(new Uint8Array(bytes));
    socket.send(answer(decodeMessage(bytes)), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: (socket.address() as AddressInfo).port, queries };
}

function respond(query: Message, records: ResourceRecord[], rcode: number = Rcode.NOERROR): Uint8Array {
  const w = new MessageWriter(4096);
  w.setHeader({ id: query.id, qr: true, aa: true, rd: query.rd, opcode: query.opcode, rcode });
  for (const q of query.questions) w.addQuestion(q);
  w.addRRset('answer', records);
  if (query.edns) {
    w.addOpt({
      udpPayloadSize: 1232,
      extendedRcode: 0,
      version: 0,
      dnssecOk: query.edns.dnssecOk,
      flags: 0,
      options: [],
    });
  }
  return w.finish();
}

async function tool(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { timeout: 10000 });
  return stdout;
}

test('dig and kdig queries decode to what was asked', async (t) => {
  const server = await serve((q) => respond(q, [], Rcode.REFUSED));
  t.teardown(() => server.socket.close());
  const at = ['@127.0.0.1', '-p', String(server.port)];
  const cases: { cmd: string; args: string[]; check: (m: Message) => void }[] = [
    {
      cmd: 'dig',
      args: ['www.Example.TEST', 'AAAA', '+dnssec', '+nocookie', '+tries=1'],
      check: (m) => {
        t.is(m.questions[0].name.toString(), 'www.Example.TEST.');
        t.is(m.questions[0].type, RRType.AAAA);
        t.true(m.rd);
        t.true(m.ad);
        t.true(m.edns?.dnssecOk);
        t.is(m.edns?.version, 0);
      },
    },
    {
      cmd: 'dig',
      args: ['example.test', 'TXT', '+cookie=0102030405060708', '+nsid', '+subnet=192.0.2.0/24', '+tries=1'],
      check: (m) => {
        const options = m.edns?.options.map(decodeEdnsOption) ?? [];
        t.deepEqual(
          options.map((o) => o.type),
          ['NSID', 'CLIENT_SUBNET', 'COOKIE'],
        );
        const ecs = options.find((o) => o.type === 'CLIENT_SUBNET');
        t.like(ecs, { family: 1, sourcePrefixLength: 24, address: '192.0.2.0' });
        const cookie = options.find((o) => o.type === 'COOKIE');
        t.deepEqual(cookie?.type === 'COOKIE' ? [...cookie.client] : [], [1, 2, 3, 4, 5, 6, 7, 8]);
      },
    },
    {
      cmd: 'dig',
      args: ['example.test', 'SOA', '+noedns', '+norecurse', '+tries=1'],
      check: (m) => {
        t.is(m.edns, undefined);
        t.false(m.rd);
        t.is(m.questions[0].type, RRType.SOA);
      },
    },
    {
      cmd: 'dig',
      args: ['example.test', 'TYPE65534', '+edns=1', '+ednsopt=65001:abcd', '+noednsnegotiation', '+tries=1'],
      check: (m) => {
        t.is(m.questions[0].type, 65534);
        t.is(m.edns?.version, 1);
        t.deepEqual(
          m.edns?.options.filter((o) => o.code === 65001).map((o) => [...o.data]),
          [[0xab, 0xcd]],
        );
      },
    },
    {
      cmd: 'kdig',
      args: ['xn--bcher-kva.example.test', 'HTTPS', '+dnssec', '+padding=128', '+retry=0'],
      check: (m) => {
        t.is(m.questions[0].name.toString(), 'xn--bcher-kva.example.test.');
        t.is(m.questions[0].type, RRType.HTTPS);
        t.true(m.edns?.dnssecOk);
        t.truthy(m.edns?.options.find((o) => o.code === EdnsOptionCode.PADDING));
      },
    },
    {
      cmd: 'kdig',
      args: ['example.test', 'SOA', '+nsid', '+subnet=2001:db8::/56', '+retry=0'],
      check: (m) => {
        const ecs = m.edns?.options.map(decodeEdnsOption).find((o) => o.type === 'CLIENT_SUBNET');
        t.like(ecs, { family: 2, sourcePrefixLength: 56, address: '2001:db8::' });
      },
    },
  ];
  for (const c of cases) {
    const before = server.queries.length;
    await tool(c.cmd, [...at, ...c.args]);
    t.true(server.queries.length > before, `${c.cmd} ${c.args.join(' ')} sent nothing`);
    c.check(decodeMessage(server.queries[before]));
  }
});

const normalize = (line: string): string => line.trim().split(/\s+/).join(' ');

test('dig prints our answers exactly as recordToText does, for every type', async (t) => {
  const records = parseZoneText(ALL_TYPES_ZONE);
  const server = await serve((q) => {
    const { name, type } = q.questions[0];
    return respond(
      q,
      records.filter((rr) => rr.type === type && rr.name.equals(name)),
    );
  });
  t.teardown(() => server.socket.close());
  const asked = new Set<string>();
  for (const rr of records) {
    const key = `${rr.name.key} ${rr.type}`;
    if (asked.has(key)) continue;
    asked.add(key);
    const expected = records.filter((r) => r.type === rr.type && r.name.equals(rr.name)).map(recordToText);
    const out = await tool('dig', [
      '@127.0.0.1',
      '-p',
      String(server.port),
      rr.name.toString(),
      rrTypeToString(rr.type),
      '+noall',
      '+answer',
      '+nocookie',
      '+tries=1',
    ]);
    const printed = out.split('\n').filter((l) => l && !l.startsWith(';'));
    t.deepEqual(
      printed.map(normalize).sort(),
      expected.map(normalize).sort(),
      `${rr.name} ${rrTypeToString(rr.type)}`,
    );
  }
});

test('dig prints our TSIG record as recordToText does', async (t) => {
  // TSIG cannot live in a zone file, so it is checked on its own, in the additional section.
  const tsig = recordFromText(
    'key.example. 0 ANY TSIG hmac-sha256. 1700000000 300 4 AQIDBA== 4660 BADTIME 6 AAAAAAAA',
  );
  const server = await serve((q) => {
    const w = new MessageWriter(4096);
    w.setHeader({ id: q.id, qr: true, rd: q.rd });
    w.addQuestion(q.questions[0]);
    w.addRecord('additional', tsig);
    return w.finish();
  });
  t.teardown(() => server.socket.close());
  const out = await tool('dig', [
    '@127.0.0.1',
    '-p',
    String(server.port),
    'x.example',
    '+noedns',
    '+tries=1',
  ]);
  const lines = out.split('\n');
  const printed = lines[lines.indexOf(';; TSIG PSEUDOSECTION:') + 1];
  t.is(normalize(printed), normalize(recordToText(tsig)));
});
