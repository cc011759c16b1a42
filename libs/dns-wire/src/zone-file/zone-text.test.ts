import test from 'ava';
import { RRType } from '../constants.js';
import { ZoneFileError } from '../errors.js';
import { Name } from '../name.js';
import { recordToText } from '../records.js';
import { parseZoneText } from './zone-text.js';

const zone = `$ORIGIN example.test.
$TTL 1h
@ IN SOA ns1 hostmaster (
        2024010101 ; serial
        2h 1h 2w 5m )
  NS ns1          ; owner omitted
ns1 A 192.0.2.1
    30 AAAA 2001:db8::1
www 1h30m IN CNAME @
mail IN 60 MX 10 mail.other.test.
t TXT "a b" c\\;d
`;

test('parses directives, omitted fields and units', (t) => {
  const records = parseZoneText(zone);
  t.deepEqual(records.map(recordToText), [
    'example.test.\t3600\tIN\tSOA\tns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300',
    'example.test.\t3600\tIN\tNS\tns1.example.test.',
    'ns1.example.test.\t3600\tIN\tA\t192.0.2.1',
    'ns1.example.test.\t30\tIN\tAAAA\t2001:db8::1',
    'www.example.test.\t5400\tIN\tCNAME\texample.test.',
    'mail.example.test.\t60\tIN\tMX\t10 mail.other.test.',
    't.example.test.\t3600\tIN\tTXT\t"a b" "c;d"',
  ]);
});

test('without $TTL an omitted TTL is the last explicit one', (t) => {
  const records = parseZoneText('a 10 A 192.0.2.1\nb A 192.0.2.2\nc 20 A 192.0.2.3\nd A 192.0.2.4\n', {
    origin: Name.parse('example.test.'),
  });
  t.deepEqual(
    records.map((r) => r.ttl),
    [10, 10, 20, 20],
  );
  t.is(records[0].type, RRType.A);
});

test('errors name file, line and column', (t) => {
  const error = t.throws(
    () => parseZoneText('$ORIGIN example.test.\n$TTL 60\nwww A 192.0.2.300\n', { fileName: 'z.db' }),
    {
      instanceOf: ZoneFileError,
    },
  );
  t.is(error?.file, 'z.db');
  t.is(error?.line, 3);
  t.is(error?.column, 7);
  t.regex(error?.message ?? '', /^z\.db:3:7: /);
  t.throws(() => parseZoneText('a A 192.0.2.1\n'), { instanceOf: ZoneFileError });
  t.throws(() => parseZoneText('$TTL 60\n$ORIGIN .\na ( A 192.0.2.1\n'), { instanceOf: ZoneFileError });
  t.throws(() => parseZoneText('$INCLUDE other\n'), { instanceOf: ZoneFileError });
});

test('TTL defaults follow BIND: $TTL, else the last TTL; RRsets keep their first TTL', (t) => {
  const records = parseZoneText(
    `$ORIGIN example.test.
@ 50 SOA ns hm 1 2 3 4 5
@ NS ns
$TTL 100
ns A 192.0.2.1
a 200 A 192.0.2.2
b A 192.0.2.3
$TTL 300
c A 192.0.2.4
d 400 A 192.0.2.5
u 1000 A 192.0.2.6
  A 192.0.2.7
  20 TXT "x"
  30 TXT "y"
`,
  );
  t.deepEqual(
    records.map((r) => `${r.name.relativeTo(Name.parse('example.test.'))} ${r.ttl}`),
    ['@ 50', '@ 50', 'ns 100', 'a 200', 'b 100', 'c 300', 'd 400', 'u 1000', 'u 1000', 'u 20', 'u 20'],
  );
});
