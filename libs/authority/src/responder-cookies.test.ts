import { decodeMessage, EdnsOptionCode, type Message, Rcode } from '@shoal/dns-wire';
import test from 'ava';
import { clientAddressOctets, ServerCookies } from './cookies/index.js';
import { Responder } from './responder.js';
import { queryBytes } from './test-support/exchange.js';
import { loadFixtureCatalog } from './test-support/fixtures.js';

const catalog = loadFixtureCatalog();
const secret = Uint8Array.from(Buffer.from('aabbccddeeff11223344556677889900', 'hex'));
const clientCookie = Uint8Array.from(Buffer.from('2211334455667788', 'hex'));
const CLIENT = '192.0.2.10';

function responders(requireOverUdp = false) {
  const cookies = () => new ServerCookies({ secrets: [secret], requireOverUdp });
  return [
    { name: 'cached', responder: new Responder(catalog, { cookies: cookies() }) },
    { name: 'uncached', responder: new Responder(catalog, { cookies: cookies(), packetCache: false }) },
  ];
}

function ask(
  responder: Responder,
  cookie: Uint8Array | undefined,
  transport: 'udp' | 'tcp' = 'udp',
  client = CLIENT,
) {
  const options = cookie === undefined ? [] : [{ code: EdnsOptionCode.COOKIE, data: cookie }];
  const reply = responder.respond(
    queryBytes('www.example.test.', 'A', { edns: 1232, options }),
    transport,
    client,
  );
  return decodeMessage(reply!);
}

/** The reply's COOKIE option data (a plain Uint8Array, whichever path decoded it). */
function cookieOf(message: Message): Uint8Array | undefined {
  const data = message.edns?.options.find((o) => o.code === EdnsOptionCode.COOKIE)?.data;
  return data === undefined ? undefined : Uint8Array.from(data);
}

test('without a COOKIE option the reply has none', (t) => {
  for (const { name, responder } of responders()) {
    const message = ask(responder, undefined);
    t.is(message.rcode, Rcode.NOERROR, name);
    t.is(cookieOf(message), undefined, name);
  }
});

test('a client cookie alone is answered, with the client cookie and a server cookie (RFC 7873 §5.2.3)', (t) => {
  for (const { name, responder } of responders()) {
    const message = ask(responder, clientCookie);
    t.is(message.rcode, Rcode.NOERROR, name);
    t.is(message.answers.length, 1, name);
    const cookie = cookieOf(message)!;
    t.is(cookie.length, 24, name);
    t.deepEqual(cookie.subarray(0, 8), clientCookie, name);
    t.is(cookie[8], 1, `${name}: RFC 9018 version`);
    // The server cookie is the one RFC 9018 makes for this client at this second.
    const expected = new ServerCookies({ secrets: [secret] }).serverCookie(
      clientCookie,
      (cookie[12] << 24) | (cookie[13] << 16) | (cookie[14] << 8) | cookie[15],
      clientAddressOctets(CLIENT),
    );
    t.deepEqual(cookie.subarray(8), expected, name);
  }
});

test('each client gets its own cookie, also from the packet cache', (t) => {
  const [{ responder }] = responders();
  const a = cookieOf(ask(responder, clientCookie, 'udp', '192.0.2.10'))!;
  const b = cookieOf(ask(responder, clientCookie, 'udp', '192.0.2.11'))!;
  const other = Uint8Array.from(clientCookie).reverse();
  const c = cookieOf(ask(responder, other, 'udp', '192.0.2.10'))!;
  t.notDeepEqual(a.subarray(8), b.subarray(8));
  t.deepEqual(c.subarray(0, 8), other);
  t.truthy(responder.cache!.hits >= 2, 'the later replies came from the cache');
  // The reply without a cookie is not one of them, and has no cookie.
  t.is(cookieOf(ask(responder, undefined)), undefined);
});

test('a valid server cookie is accepted and echoed', (t) => {
  for (const { name, responder } of responders(true)) {
    const first = ask(responder, clientCookie, 'tcp');
    const cookie = cookieOf(first)!;
    const again = ask(responder, cookie);
    t.is(again.rcode, Rcode.NOERROR, name);
    t.is(again.answers.length, 1, name);
    t.deepEqual(cookieOf(again), cookie, name);
  }
});

test('cookies required over UDP: BADCOOKIE with the cookie to retry with; TCP is answered', (t) => {
  for (const { name, responder } of responders(true)) {
    const refused = ask(responder, clientCookie);
    t.is(refused.rcode, Rcode.BADCOOKIE, name);
    t.is(refused.answers.length, 0, name);
    const cookie = cookieOf(refused)!;
    t.is(cookie.length, 24, name);
    t.is(ask(responder, cookie).rcode, Rcode.NOERROR, `${name}: the retry`);
    // A server cookie from another address, or altered, is refused the same way.
    t.is(ask(responder, cookie, 'udp', '192.0.2.99').rcode, Rcode.BADCOOKIE, name);
    const broken = cookie.slice();
    broken[20] ^= 1;
    const again = ask(responder, broken);
    t.is(again.rcode, Rcode.BADCOOKIE, name);
    t.notDeepEqual(cookieOf(again), broken, name);
    const tcp = ask(responder, clientCookie, 'tcp');
    t.is(tcp.rcode, Rcode.NOERROR, name);
    t.is(cookieOf(tcp)?.length, 24, name);
    // Queries without a cookie at all are answered (RFC 7873 §5.2.1).
    t.is(ask(responder, undefined).rcode, Rcode.NOERROR, name);
  }
});

test('a COOKIE option of an impossible length is FORMERR, with no cookie (RFC 7873 §5.2.2)', (t) => {
  for (const { name, responder } of responders()) {
    for (const length of [1, 7, 9, 15, 41]) {
      const message = ask(responder, new Uint8Array(length).fill(0x22));
      t.is(message.rcode, Rcode.FORMERR, `${name}: ${length} octets`);
      t.is(cookieOf(message), undefined, `${name}: ${length} octets`);
    }
  }
});

test('no question and a COOKIE option: NOERROR and a server cookie (RFC 7873 §5.4)', (t) => {
  for (const { name, responder } of responders()) {
    const query = queryBytes('www.example.test.', 'A', {
      edns: 1232,
      options: [{ code: EdnsOptionCode.COOKIE, data: clientCookie }],
    });
    // Cut the question out: header with QDCOUNT 0, then the OPT record.
    const questionEnd = 12 + 'www.example.test.'.length + 1 + 4;
    const bare = new Uint8Array([...query.subarray(0, 12), ...query.subarray(questionEnd)]);
    bare[5] = 0;
    const message = decodeMessage(responder.respond(bare, 'udp', CLIENT)!);
    t.is(message.rcode, Rcode.NOERROR, name);
    t.is(message.questions.length, 0, name);
    t.is(cookieOf(message)?.length, 24, name);
  }
});

test('without cookies configured a COOKIE option is ignored like any unknown option', (t) => {
  const responder = new Responder(catalog);
  const message = ask(responder, new Uint8Array(9));
  t.is(message.rcode, Rcode.NOERROR);
  t.is(cookieOf(message), undefined);
});

test('a reply cut to fit keeps the cookie: TC with the OPT and the cookie intact', (t) => {
  const responder = new Responder(catalog, { cookies: new ServerCookies({ secrets: [secret] }) });
  for (const round of ['built', 'from the cache']) {
    const query = queryBytes('example.test.', 'ANY', {
      edns: 512,
      options: [{ code: EdnsOptionCode.COOKIE, data: clientCookie }],
    });
    const message = decodeMessage(responder.respond(query, 'udp', CLIENT)!);
    t.true(message.tc, round);
    t.deepEqual(cookieOf(message)?.subarray(0, 8), clientCookie, round);
  }
});
