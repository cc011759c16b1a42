import { decodeMessage, EdnsOptionCode, Rcode, RRClass, RRType, rdataFromText } from '@shoal/dns-wire';
import test from 'ava';
import { Responder } from './responder.js';
import { ask, queryBytes } from './test-support/exchange.js';
import { loadFixtureCatalog } from './test-support/fixtures.js';

const catalog = loadFixtureCatalog();
const responder = new Responder(catalog, { packetCache: false, nsid: new TextEncoder().encode('node-1') });

function withHeader(query: Uint8Array, edit: (bytes: Uint8Array) => void): Uint8Array {
  const copy = query.slice();
  edit(copy);
  return copy;
}

test('no reply to a response or to a packet shorter than a header', (t) => {
  const query = queryBytes('www.example.test.', 'A');
  t.is(
    responder.respond(
      withHeader(query, (b) => (b[2] |= 0x80)),
      'udp',
    ),
    null,
  );
  t.is(responder.respond(query.subarray(0, 11), 'udp'), null);
});

test('FORMERR for a question that cannot be read, echoing the ID', (t) => {
  const query = queryBytes('www.example.test.', 'A');
  const reply = responder.respond(query.subarray(0, query.length - 3), 'udp')!;
  const message = decodeMessage(reply);
  t.is(message.rcode, Rcode.FORMERR);
  t.is(message.id, 0x1234);
  t.is(message.questions.length, 0);
});

test('FORMERR unless there is exactly one question', (t) => {
  const header = withHeader(queryBytes('www.example.test.', 'A').subarray(0, 12), (b) => (b[5] = 0));
  t.is(decodeMessage(responder.respond(header, 'udp')!).rcode, Rcode.FORMERR);
});

test('NOTIMP for an unknown opcode, REFUSED for NOTIFY and UPDATE', (t) => {
  const query = queryBytes('www.example.test.', 'A');
  const opcode = (code: number) => withHeader(query, (b) => (b[2] = (b[2] & 0x87) | (code << 3)));
  t.is(decodeMessage(responder.respond(opcode(2), 'udp')!).rcode, Rcode.NOTIMP);
  t.is(decodeMessage(responder.respond(opcode(4), 'udp')!).rcode, Rcode.REFUSED);
  t.is(decodeMessage(responder.respond(opcode(5), 'udp')!).rcode, Rcode.REFUSED);
  t.is(decodeMessage(responder.respond(opcode(15), 'udp')!).rcode, Rcode.NOTIMP);
});

test('BADVERS with an OPT at version 0 for EDNS versions above 0 (RFC 6891 §6.1.3)', (t) => {
  const query = queryBytes('www.example.test.', 'A', { edns: 1232 });
  // The OPT version octet is 6 bytes into the 11-byte OPT record at the end.
  const v1 = withHeader(query, (b) => (b[b.length - 11 + 6] = 1));
  const message = decodeMessage(responder.respond(v1, 'udp')!);
  t.is(message.rcode, Rcode.BADVERS);
  t.is(message.edns?.version, 0);
  t.is(message.answers.length, 0);
});

test('classes: ANY is answered without AA, CH is NOTIMP unless configured, others REFUSED', (t) => {
  const any = ask(responder, 'www.example.test.', 'A', { qclass: RRClass.ANY });
  t.is(any.rcode, Rcode.NOERROR);
  t.false(any.aa);
  t.is(any.answers.length, 1);
  t.is(ask(responder, 'version.bind.', 'TXT', { qclass: RRClass.CH }).rcode, Rcode.NOTIMP);
  t.is(ask(responder, 'www.example.test.', 'A', { qclass: RRClass.HS }).rcode, Rcode.REFUSED);
  t.is(ask(responder, 'www.example.test.', 'A', { qclass: RRClass.NONE }).rcode, Rcode.REFUSED);
});

test('CHAOS version.bind and id.server when configured', (t) => {
  const chaos = new Responder(catalog, { chaos: { version: 'shoal 1.0', id: 'node-1' } });
  const version = ask(chaos, 'VERSION.BIND.', 'TXT', { qclass: RRClass.CH });
  t.is(version.rcode, Rcode.NOERROR);
  t.true(version.aa);
  t.is(version.answers[0].class, RRClass.CH);
  t.deepEqual(version.answers[0].rdata, rdataFromText(RRType.TXT, '"shoal 1.0"'));
  t.is(ask(chaos, 'id.server.', 'TXT', { qclass: RRClass.CH }).answers.length, 1);
  t.is(ask(chaos, 'other.bind.', 'TXT', { qclass: RRClass.CH }).rcode, Rcode.NOTIMP);
});

test('AXFR and IXFR are refused here, over UDP and TCP', (t) => {
  for (const transport of ['udp', 'tcp'] as const) {
    t.is(ask(responder, 'example.test.', 'AXFR', { transport }).rcode, Rcode.REFUSED);
    t.is(ask(responder, 'example.test.', 'IXFR', { transport }).rcode, Rcode.REFUSED);
  }
});

test('the question is echoed exactly, RD and CD copied, RA never set', (t) => {
  const message = ask(responder, 'wWw.ExAmPlE.tEsT.', 'A', { rd: true });
  t.is(message.questions[0].name.toString(), 'wWw.ExAmPlE.tEsT.');
  t.true(message.rd);
  t.false(message.ra);
  t.is(message.id, 0x1234);
});

test('EDNS: OPT only when asked, our payload size, DO echoed, NSID on request', (t) => {
  t.is(ask(responder, 'www.example.test.', 'A').edns, undefined);
  const plain = ask(responder, 'www.example.test.', 'A', { edns: 4096, dnssecOk: true });
  t.is(plain.edns?.udpPayloadSize, 1232);
  t.true(plain.edns?.dnssecOk);
  t.deepEqual(plain.edns?.options, []);
  const nsid = ask(responder, 'www.example.test.', 'A', { edns: 1232, nsid: true });
  t.deepEqual(nsid.edns?.options, [{ code: EdnsOptionCode.NSID, data: new TextEncoder().encode('node-1') }]);
});

test('TC with an empty answer when an answer RRset does not fit, the question kept', (t) => {
  const udp512 = ask(responder, 'manya.big.test.', 'A');
  t.true(udp512.tc);
  t.is(udp512.answers.length, 0);
  t.is(udp512.questions.length, 1);
  const udp1232 = ask(responder, 'manya.big.test.', 'A', { edns: 1232 });
  t.false(udp1232.tc);
  t.is(udp1232.answers.length, 40);
  const edns = ask(responder, 'bigtxt.big.test.', 'TXT', { edns: 4096 });
  t.true(edns.tc);
  t.truthy(edns.edns, 'OPT survives truncation');
  const tcp = ask(responder, 'bigtxt.big.test.', 'TXT', { transport: 'tcp' });
  t.false(tcp.tc);
  t.is(tcp.answers.length, 30);
});

test('the client size is honoured between 512 and our cap', (t) => {
  t.true(ask(responder, 'medtxt.big.test.', 'TXT', { edns: 100 }).tc, 'below 512 counts as 512');
  t.false(ask(responder, 'medtxt.big.test.', 'TXT', { edns: 1232 }).tc);
  const capped = new Responder(catalog, { packetCache: false, maxUdpPayload: 512 });
  t.true(ask(capped, 'medtxt.big.test.', 'TXT', { edns: 4096 }).tc);
});

test('additional data that does not fit is left out without TC (RFC 2181 §9)', (t) => {
  const mx = ask(responder, 'mx.big.test.', 'MX');
  t.false(mx.tc);
  t.is(mx.answers.length, 10);
  t.true(mx.additionals.length > 0 && mx.additionals.length < 20);
  const full = ask(responder, 'mx.big.test.', 'MX', { transport: 'tcp' });
  t.is(full.additionals.length, 20);
});

test('a referral whose in-domain glue does not fit is truncated (RFC 9471 §3)', (t) => {
  const udp = ask(responder, 'x.deleg.big.test.', 'A');
  t.true(udp.tc);
  t.is(udp.authorities.length, 0);
  const edns = ask(responder, 'x.deleg.big.test.', 'A', { edns: 1232 });
  t.false(edns.tc);
  t.is(edns.authorities.length, 12);
  t.is(edns.additionals.length, 24);
});

test('sibling glue that does not fit is left out without TC', (t) => {
  const udp = ask(responder, 'farglue.big.test.', 'A');
  t.false(udp.tc);
  t.is(udp.authorities.length, 12);
  t.true(udp.additionals.length < 24);
});

test('REFUSED for names outside every zone, without AA', (t) => {
  const message = ask(responder, 'example.com.', 'A');
  t.is(message.rcode, Rcode.REFUSED);
  t.false(message.aa);
  t.is(message.questions[0].name.toString(), 'example.com.');
});

test('edns-tcp-keepalive over TCP: the idle timeout in 100 ms units; over UDP ignored (RFC 7828)', (t) => {
  const keepalive = [{ code: EdnsOptionCode.TCP_KEEPALIVE, data: new Uint8Array(0) }];
  for (const cached of [true, false]) {
    const r = new Responder(catalog, { packetCache: cached, tcpIdleTimeoutMs: 30_000 });
    for (let round = 0; round < 2; round++) {
      const query = queryBytes('www.example.test.', 'A', { edns: 1232, options: keepalive });
      const tcp = decodeMessage(r.respond(query, 'tcp')!);
      const option = tcp.edns?.options.find((o) => o.code === EdnsOptionCode.TCP_KEEPALIVE);
      t.deepEqual(option && [...option.data], [0x01, 0x2c], 'TIMEOUT 300 = 30 s');
      t.is(tcp.answers.length, 1);
      const udp = decodeMessage(r.respond(query, 'udp')!);
      t.is(
        udp.edns?.options.find((o) => o.code === EdnsOptionCode.TCP_KEEPALIVE),
        undefined,
      );
      const plain = decodeMessage(r.respond(queryBytes('www.example.test.', 'A', { edns: 1232 }), 'tcp')!);
      t.is(plain.edns?.options.length, 0, 'not asked, not told');
    }
    // A query carrying a TIMEOUT is malformed over TCP.
    const withTimeout = queryBytes('www.example.test.', 'A', {
      edns: 1232,
      options: [{ code: EdnsOptionCode.TCP_KEEPALIVE, data: Uint8Array.of(0, 10) }],
    });
    t.is(decodeMessage(r.respond(withTimeout, 'tcp')!).rcode, Rcode.FORMERR);
    t.is(decodeMessage(r.respond(withTimeout, 'udp')!).rcode, Rcode.NOERROR);
  }
});
