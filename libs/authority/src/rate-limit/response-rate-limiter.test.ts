import { decodeMessage, Rcode } from '@shoal/dns-wire';
import test from 'ava';
import { Responder } from '../responder.js';
import { queryBytes } from '../test-support/exchange.js';
import { loadFixtureCatalog } from '../test-support/fixtures.js';
import { replyClass } from './reply-class.js';
import { ResponseRateLimiter, slipReply } from './response-rate-limiter.js';

const responder = new Responder(loadFixtureCatalog());
const reply = (name: string, type: string, edns?: number) =>
  responder.respond(queryBytes(name, type, { edns }), 'udp')!;
const latin1 = (s: string) =>
  s
    .split('.')
    .filter((l) => l !== '')
    .map((l) => String.fromCharCode(l.length) + l)
    .join('');

test('replies are classed by what they are: answers by name, negative answers by zone, errors by RCODE', (t) => {
  t.is(replyClass(reply('www.example.test.', 'A')), `A${latin1('www.example.test')}`);
  t.is(replyClass(reply('WWW.Example.TEST.', 'A')), `A${latin1('www.example.test')}`, 'case folded');
  // Every NXDOMAIN and NODATA in the zone lands in the zone's bucket (the SOA owner).
  t.is(replyClass(reply('nope-1.example.test.', 'A')), `X${latin1('example.test')}`);
  t.is(replyClass(reply('nope-2.example.test.', 'A')), `X${latin1('example.test')}`);
  t.is(replyClass(reply('www.example.test.', 'SSHFP')), `E${latin1('example.test')}`);
  // A referral: the delegation point.
  t.is(replyClass(reply('host.sub.example.test.', 'A')), `E${latin1('sub.example.test')}`);
  t.is(replyClass(reply('www.not-ours.invalid.', 'A')), `R${Rcode.REFUSED}`);
});

function limiter(options: Partial<ConstructorParameters<typeof ResponseRateLimiter>[0]> = {}) {
  let now = 1_000_000;
  const rrl = new ResponseRateLimiter({ responsesPerSecond: 5, now: () => now, ...options });
  return { rrl, advance: (ms: number) => (now += ms) };
}

test('over the rate: dropped, every second one sent truncated; the rate comes back with time', (t) => {
  const { rrl, advance } = limiter();
  const answer = reply('www.example.test.', 'A');
  const verdicts = Array.from({ length: 11 }, () => rrl.judge(answer, '192.0.2.1'));
  t.deepEqual(verdicts, [
    'send',
    'send',
    'send',
    'send',
    'send',
    'drop',
    'slip',
    'drop',
    'slip',
    'drop',
    'slip',
  ]);
  t.is(rrl.dropped, 3);
  t.is(rrl.slipped, 3);
  advance(400); // 2 replies' worth at 5 per second
  t.deepEqual(
    Array.from({ length: 3 }, () => rrl.judge(answer, '192.0.2.1')),
    ['send', 'send', 'drop'],
  );
  advance(60_000);
  t.is(rrl.judge(answer, '192.0.2.1'), 'send');
});

test('buckets: one per client network and kind of reply; other networks and names are not held back', (t) => {
  const { rrl } = limiter({ responsesPerSecond: 1, slip: 0 });
  const www = reply('www.example.test.', 'A');
  t.is(rrl.judge(www, '192.0.2.1'), 'send');
  t.is(rrl.judge(www, '192.0.2.200'), 'drop', 'same /24');
  t.is(rrl.judge(www, '192.0.3.1'), 'send', 'another /24');
  t.is(rrl.judge(reply('mail.example.test.', 'A'), '192.0.2.1'), 'send', 'another name');
  t.is(rrl.judge(www, '2001:db8:0:1::1'), 'send');
  t.is(rrl.judge(www, '2001:db8:0:1:ffff::1'), 'drop', 'same /56');
  t.is(rrl.judge(www, '2001:db8:0:100::1'), 'send', 'another /56');
  t.is(rrl.judge(www, '::ffff:192.0.2.9'), 'drop', 'IPv4 through a dual-stack socket is IPv4');
  // Random names under one zone share the zone's NXDOMAIN bucket.
  t.is(rrl.judge(reply('r1.example.test.', 'A'), '198.51.100.1'), 'send');
  t.is(rrl.judge(reply('r2.example.test.', 'A'), '198.51.100.1'), 'drop');
});

test('exempt networks are never limited; the table is bounded', (t) => {
  const { rrl } = limiter({ responsesPerSecond: 1, exempt: ['192.0.2.0/25', '2001:db8::/32'], tableSize: 3 });
  const www = reply('www.example.test.', 'A');
  for (let i = 0; i < 10; i++) {
    t.is(rrl.judge(www, '192.0.2.7'), 'send');
    t.is(rrl.judge(www, '2001:db8::53'), 'send');
  }
  t.is(rrl.judge(www, '192.0.2.200'), 'send');
  t.is(rrl.judge(www, '192.0.2.200'), 'drop', 'outside the exempt /25');
  for (let i = 0; i < 10; i++) rrl.judge(www, `203.0.${i}.1`);
  t.is(rrl.size, 3);
  t.throws(() => new ResponseRateLimiter({ responsesPerSecond: 0 }), { instanceOf: RangeError });
  t.throws(() => new ResponseRateLimiter({ responsesPerSecond: 1, exempt: ['192.0.2.0/33'] }), {
    instanceOf: RangeError,
  });
});

test('a slipped reply: header with TC, the question, the OPT, and nothing else', (t) => {
  const full = reply('www.example.test.', 'A', 1232);
  const slipped = decodeMessage(slipReply(full));
  const original = decodeMessage(full);
  t.true(slipped.tc);
  t.is(slipped.id, original.id);
  t.true(slipped.aa);
  t.deepEqual(slipped.questions, original.questions);
  t.deepEqual([slipped.answers.length, slipped.authorities.length, slipped.additionals.length], [0, 0, 0]);
  t.is(slipped.edns?.udpPayloadSize, original.edns?.udpPayloadSize);
  const plain = decodeMessage(slipReply(reply('www.example.test.', 'A')));
  t.true(plain.tc);
  t.is(plain.edns, undefined);
});
