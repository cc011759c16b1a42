import { RRType } from '@shoal/dns-wire';
import test from 'ava';
import {
  COUNTER_SLOTS,
  counterIndex,
  counterLabels,
  OPCODE_SLOT,
  QTYPE_LABELS,
  QTYPE_NONE,
  QTYPE_OTHER,
  QTYPE_SLOT,
  RCODE_NO_REPLY,
} from './labels.js';

test('counter indexes and labels are inverse, and every index is in range', (t) => {
  const seen = new Set<number>();
  for (const transport of [0, 1])
    for (const opcode of [0, 1, 2, 3])
      for (let qtype = 0; qtype < QTYPE_LABELS.length; qtype++)
        for (let rcode = 0; rcode <= RCODE_NO_REPLY; rcode++) {
          const i = counterIndex(transport, opcode, qtype, rcode);
          t.true(i >= 0 && i < COUNTER_SLOTS);
          seen.add(i);
        }
  t.is(seen.size, COUNTER_SLOTS);
  t.deepEqual(counterLabels(counterIndex(1, 1, QTYPE_SLOT[RRType.SOA], 5)), {
    transport: 'tcp',
    opcode: 'NOTIFY',
    qtype: 'SOA',
    rcode: 'REFUSED',
  });
  t.is(counterLabels(counterIndex(0, 0, QTYPE_NONE, RCODE_NO_REPLY)).rcode, 'no_reply');
});

test('unlisted types share one label, so random QTYPEs cannot add series', (t) => {
  t.is(QTYPE_SLOT[RRType.A], QTYPE_LABELS.indexOf('A'));
  t.is(QTYPE_SLOT[RRType.AXFR], QTYPE_LABELS.indexOf('AXFR'));
  t.is(QTYPE_SLOT[65280], QTYPE_OTHER);
  t.is(QTYPE_SLOT[RRType.NULL], QTYPE_OTHER);
  t.is(new Set(QTYPE_LABELS).size, QTYPE_LABELS.length);
});

test('opcodes map to QUERY, NOTIFY, UPDATE and other', (t) => {
  t.deepEqual([...OPCODE_SLOT], [0, 3, 3, 3, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
});
