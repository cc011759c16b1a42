import { RRClass } from '@shoal/dns-wire';
import test from 'ava';
import { cacheKey, viewQuery } from './query-view.js';
import { queryBytes } from './test-support/exchange.js';

test('a plain query is read without the decoder', (t) => {
  const view = viewQuery(queryBytes('Www.Example.Test.', 'AAAA', { rd: true, id: 7 }));
  t.like(view, { id: 7, rd: true, cd: false, qtype: 28, qclass: RRClass.IN, edns: false, nameEnd: 30 });
});

test('EDNS: payload size, DO and NSID are read from the OPT record', (t) => {
  const view = viewQuery(queryBytes('www.example.test.', 'A', { edns: 4096, dnssecOk: true, nsid: true }));
  t.like(view, { edns: true, udpPayloadSize: 4096, dnssecOk: true, nsid: true });
});

test('anything unusual is left to the full decoder', (t) => {
  const query = queryBytes('www.example.test.', 'A', { edns: 1232 });
  const edit = (f: (b: Uint8Array) => void) => {
    const copy = query.slice();
    f(copy);
    return copy;
  };
  t.is(viewQuery(edit((b) => (b[2] |= 0x80))), undefined, 'a response');
  t.is(viewQuery(edit((b) => (b[2] |= 4 << 3))), undefined, 'another opcode');
  t.is(viewQuery(edit((b) => (b[5] = 2))), undefined, 'two questions');
  t.is(viewQuery(edit((b) => (b[b.length - 11 + 6] = 1))), undefined, 'EDNS version 1');
  t.is(viewQuery(query.subarray(0, query.length - 1)), undefined, 'cut short');
  t.is(viewQuery(new Uint8Array([...query, 0])), undefined, 'trailing bytes');
  t.is(viewQuery(edit((b) => (b[12] = 0xc0))), undefined, 'a compression pointer');
});

test('the cache key ignores case and the ID but not what changes the reply', (t) => {
  const key = (name: string, options = {}, size = 512) => {
    const bytes = queryBytes(name, 'A', options);
    return cacheKey(bytes, viewQuery(bytes)!, size);
  };
  t.is(key('WWW.example.test.', { id: 1 }), key('www.EXAMPLE.test.', { id: 2 }));
  t.not(key('www.example.test.'), key('www.example.test.', { rd: true }));
  t.not(key('www.example.test.'), key('www.example.test.', { edns: 512 }));
  t.not(key('www.example.test.', { edns: 512 }), key('www.example.test.', { edns: 512, dnssecOk: true }));
  t.not(key('www.example.test.'), key('www.example.test.', {}, 65535));
});
