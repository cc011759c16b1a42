import { encodeMessage, Name, queryMessage, RRType } from '@shoal/dns-wire';
import test from 'ava';
import { opcodeOf, questionName, questionType } from './wire-peek.js';

function query(name: string, type: number, opcode = 0): Uint8Array {
  return encodeMessage(queryMessage(Name.parse(name), type, { id: 1, opcode }));
}

test('reads type, opcode and the lower-cased name of a query', (t) => {
  const q = query('WWW.Example.TEST.', RRType.AAAA, 4);
  t.is(questionType(q), RRType.AAAA);
  t.is(opcodeOf(q), 4);
  t.is(questionName(q), 'www.example.test.');
  t.is(questionName(query('.', RRType.NS)), '.');
});

test('escapes octets that are not plain name characters', (t) => {
  const q = query('a\\.b\\032<x>.test.', RRType.TXT);
  t.is(questionName(q), 'a\\046b\\032\\060x\\062.test.');
});

test('garbage gives -1 or undefined, never a throw', (t) => {
  t.is(questionType(new Uint8Array(5)), -1);
  const noQuestion = new Uint8Array(12);
  t.is(questionType(noQuestion), -1);
  const truncated = query('example.test.', RRType.A).subarray(0, 20);
  t.is(questionType(truncated), -1);
  t.is(questionName(truncated), undefined);
  const pointer = query('example.test.', RRType.A).slice();
  pointer[12] = 0xc0;
  t.is(questionType(pointer), -1);
  t.is(opcodeOf(new Uint8Array(1)), 0);
});
