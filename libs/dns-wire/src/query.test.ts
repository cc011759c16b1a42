import test from 'ava';
import { RRClass, RRType } from './constants.js';
import { decodeMessage } from './message-reader.js';
import { encodeMessage } from './message-writer.js';
import { Name } from './name.js';
import { queryMessage } from './query.js';

test('queryMessage builds a plain query that round-trips', (t) => {
  const m = decodeMessage(
    encodeMessage(queryMessage(Name.parse('www.example.test.'), RRType.AAAA, { id: 7, rd: true })),
  );
  t.is(m.id, 7);
  t.true(m.rd);
  t.false(m.qr || m.aa || m.tc || m.cd);
  t.is(m.questions[0].name.toString(), 'www.example.test.');
  t.is(m.questions[0].type, RRType.AAAA);
  t.is(m.questions[0].class, RRClass.IN);
  t.is(m.edns, undefined);
});
