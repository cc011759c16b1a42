import { Name } from '@shoal/dns-wire';
import test from 'ava';
import { ValidationError } from './errors.js';
import { readZoneFile } from './zone-file-read.js';

const origin = Name.parse('example.test.');

test('records are grouped into RRsets as they stream in, in any chunking', async (t) => {
  const text =
    '$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ NS ns1\nwww A 192.0.2.1\nwww A 192.0.2.2\nwww A 192.0.2.1\n';
  const chunks = [...text].map((c) => Buffer.from(c));
  const r = await readZoneFile(origin, chunks);
  t.true(r.records >= 5, 'the parser may drop the repeated record itself');
  t.deepEqual(
    r.rrsets.map((s) => [s.owner.toString(), s.type, s.rdatas.length]),
    [
      ['example.test.', 6, 1],
      ['example.test.', 2, 1],
      ['www.example.test.', 1, 2],
    ],
    'an identical record is one record (RFC 2181 §5)',
  );
});

test('violations: out of zone, other classes, meta types, TTLs differing within an RRset, syntax', async (t) => {
  // (Within one block of an owner the parser itself aligns TTLs, as BIND does; apart, they are an error.)
  const text =
    'other.test. 300 IN A 192.0.2.1\nwww 300 CH TXT "x"\nwww 300 IN A 192.0.2.1\nmail 300 IN A 192.0.2.9\nwww 60 IN A 192.0.2.2\n';
  const e = await t.throwsAsync(readZoneFile(origin, [text]), { instanceOf: ValidationError });
  t.deepEqual(
    e.violations.map((v) => v.rule),
    ['out-of-zone', 'bad-class', 'ttl-mismatch'],
  );
  const syntax = await t.throwsAsync(readZoneFile(origin, ['www 300 IN A 192.0.2.1\nbad 300 IN A nope\n']), {
    instanceOf: ValidationError,
  });
  t.is(syntax.violations[0].rule, 'zone-file-syntax');
  t.is(syntax.violations[0].field, 'line 2');
});
