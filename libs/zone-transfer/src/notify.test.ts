import { Name, Rcode, RRType } from '@shoal/dns-wire';
import { MemoryKeyring, makeTsigKey, signMessage } from '@shoal/tsig';
import test from 'ava';
import { answerNotify, buildNotify, type NotifyReceived, notifyAckRcode, parseNotify } from './index.js';
import { memoryZone, ORIGIN } from './test-support.js';

const KEY = makeTsigKey('notify.key', 'hmac-sha512', Buffer.from('notify secret').toString('base64'));

function options(received: NotifyReceived[], secondary = true) {
  return {
    findZone: (name: Name) =>
      name.equals(ORIGIN)
        ? {
            secondary,
            primaries: ['192.0.2.1:5353', '[2001:db8::1]:53'],
            acl: ['198.51.100.0/24'],
            tsigKeys: ['notify.key'],
          }
        : undefined,
    keyring: new MemoryKeyring([KEY]),
    onNotify: (n: NotifyReceived) => received.push(n),
  };
}

const peer = (address: string) => ({ transport: 'udp' as const, remoteAddress: address, remotePort: 5353 });

test('a NOTIFY carries the zone as question and the SOA as a hint, and its ack is recognised', (t) => {
  const soa = memoryZone(0).soa()!;
  const bytes = buildNotify(ORIGIN, 0x4242, soa);
  const parsed = parseNotify(bytes)!;
  t.true(parsed.zone.equals(ORIGIN));
  t.is(parsed.serial, 1);
  t.is(parsed.question.type, RRType.SOA);
  const received: NotifyReceived[] = [];
  const answer = answerNotify(bytes, peer('192.0.2.1'), options(received))!;
  t.is(notifyAckRcode(answer, 0x4242, ORIGIN), Rcode.NOERROR);
  t.is(notifyAckRcode(answer, 0x4243, ORIGIN), undefined);
  t.deepEqual(
    received.map((r) => [r.zone, r.serial]),
    [['example.test.', 1]],
  );
});

test('NOTIFY is accepted from primaries, the ACL or with the key; refused from strangers and for non-secondaries', (t) => {
  const received: NotifyReceived[] = [];
  const bytes = buildNotify(ORIGIN, 1);
  t.is(
    notifyAckRcode(answerNotify(bytes, peer('::ffff:192.0.2.1'), options(received))!, 1, ORIGIN),
    Rcode.NOERROR,
  );
  t.is(
    notifyAckRcode(answerNotify(bytes, peer('2001:db8::1'), options(received))!, 1, ORIGIN),
    Rcode.NOERROR,
  );
  t.is(
    notifyAckRcode(answerNotify(bytes, peer('198.51.100.7'), options(received))!, 1, ORIGIN),
    Rcode.NOERROR,
  );
  t.is(
    notifyAckRcode(answerNotify(bytes, peer('203.0.113.1'), options(received))!, 1, ORIGIN),
    Rcode.REFUSED,
  );
  const signed = signMessage(bytes, KEY).message;
  t.is(
    notifyAckRcode(answerNotify(signed, peer('203.0.113.1'), options(received))!, 1, ORIGIN),
    Rcode.NOERROR,
  );
  t.is(
    notifyAckRcode(answerNotify(bytes, peer('192.0.2.1'), options(received, false))!, 1, ORIGIN),
    Rcode.REFUSED,
  );
  const other = buildNotify(Name.parse('other.test.'), 1);
  t.is(
    notifyAckRcode(answerNotify(other, peer('192.0.2.1'), options(received))!, 1, Name.parse('other.test.')),
    Rcode.NOTAUTH,
  );
  t.is(received.length, 4);
  const bad = makeTsigKey('notify.key', 'hmac-sha512', Buffer.from('wrong').toString('base64'));
  t.is(
    notifyAckRcode(
      answerNotify(signMessage(bytes, bad).message, peer('192.0.2.1'), options(received))!,
      1,
      ORIGIN,
    ),
    Rcode.NOTAUTH,
  );
  t.is(received.length, 4);
});

test('ordinary queries are not NOTIFYs', (t) => {
  t.is(parseNotify(new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), undefined);
});
