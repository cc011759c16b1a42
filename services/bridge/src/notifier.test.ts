import { Name, Opcode, Rcode } from '@shoal/dns-wire';
import { notifyResponse, parseNotify } from '@shoal/zone-transfer';
import test from 'ava';
import { pino } from 'pino';
import { Notifier } from './notifier.js';

const ZONE = Name.parse('example.test.');
const SOA = {
  ttl: 3600,
  rdata: new Uint8Array([0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
};
const log = pino({ level: 'silent' });
const target = { host: '192.0.2.1', port: 53 };

function ack(message: Uint8Array, rcode: number = Rcode.NOERROR): Uint8Array {
  const n = parseNotify(message)!;
  return notifyResponse(n, rcode);
}

test('a NOTIFY is retransmitted with growing waits until answered', async (t) => {
  const sent: number[] = [];
  const notifier = new Notifier({
    log,
    initialDelayMs: 10,
    maxDelayMs: 40,
    maxAttempts: 10,
    send: async (_t, message, timeoutMs) => {
      sent.push(timeoutMs);
      t.is((message[2] >> 3) & 0xf, Opcode.NOTIFY);
      return sent.length < 4 ? undefined : ack(message);
    },
  });
  await Promise.all(notifier.notify(ZONE, SOA, 1, [target]));
  t.deepEqual(sent, [10, 20, 40, 40]);
  t.like(notifier.outcomes[0], { acknowledged: true, attempts: 4, rcode: 0 });
});

test('an answer with another ID does not count; an error answer ends the retries', async (t) => {
  let calls = 0;
  const notifier = new Notifier({
    log,
    initialDelayMs: 1,
    maxDelayMs: 1,
    maxAttempts: 5,
    send: async (_t, message) => {
      calls++;
      if (calls === 1) {
        const wrong = ack(message);
        wrong[0] ^= 0xff;
        return wrong;
      }
      return ack(message, Rcode.NOTAUTH);
    },
  });
  await Promise.all(notifier.notify(ZONE, SOA, 1, [target]));
  t.is(calls, 2);
  t.like(notifier.outcomes[0], { acknowledged: true, rcode: Rcode.NOTAUTH });
});

test('an unanswered NOTIFY gives up after the attempts allowed; a newer change supersedes an older one', async (t) => {
  let calls = 0;
  const notifier = new Notifier({
    log,
    initialDelayMs: 1,
    maxDelayMs: 2,
    maxAttempts: 3,
    send: async () => void calls++,
  });
  await Promise.all(notifier.notify(ZONE, SOA, 1, [target]));
  t.is(calls, 3);
  t.like(notifier.outcomes[0], { acknowledged: false, attempts: 3 });

  const serials: number[] = [];
  const slow = new Notifier({
    log,
    initialDelayMs: 20,
    maxDelayMs: 20,
    maxAttempts: 100,
    send: async (_t, message) => {
      serials.push(parseNotify(message)!.serial ?? 0);
      return undefined;
    },
  });
  const first = slow.notify(ZONE, SOA, 1, [target]);
  await new Promise((r) => setTimeout(r, 5));
  const second = slow.notify(ZONE, SOA, 2, [target]);
  slow.stop();
  await Promise.all([...first, ...second]);
  t.is(slow.pending, 0);
  t.true(serials.length <= 3);
});
