import test from 'ava';
import { RRType, rrTypeFromString } from '../constants.js';
import { NameError, RdataError } from '../errors.js';
import { Name } from '../name.js';
import {
  canonicalRdata,
  decodeRdata,
  encodeRdata,
  formatRdata,
  parseRdata,
  rdataFromText,
  rdataNames,
  rdataToText,
} from './rdata.js';
import { soaMinimum, soaSerial, withSoaSerial } from './soa-fields.js';

const origin = Name.parse('example.test.');

// Input text and the presentation BIND 9.18 prints for it (named-checkzone -D).
const cases: [string, string, string][] = [
  ['A', '192.0.2.1', '192.0.2.1'],
  ['AAAA', '2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ['AAAA', '::ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ['AAAA', '::1.2.3.4', '::1.2.3.4'],
  ['AAAA', '::0.0.0.2', '::2'],
  ['AAAA', '1:0:0:1:0:0:0:1', '1:0:0:1::1'],
  ['AAAA', '1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
  ['AAAA', '::', '::'],
  ['NS', 'ns1', 'ns1.example.test.'],
  ['CNAME', '@', 'example.test.'],
  ['DNAME', 'other.test.', 'other.test.'],
  ['PTR', 'host', 'host.example.test.'],
  [
    'SOA',
    'ns1 hostmaster 2024010101 2h 1h 2w 5m',
    'ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300',
  ],
  ['MX', '10 mail', '10 mail.example.test.'],
  ['TXT', '"hello world" "a\\"b\\\\c" "\\001\\255é;"', '"hello world" "a\\"b\\\\c" "\\001\\255\\195\\169;"'],
  ['TXT', 'unquoted words', '"unquoted" "words"'],
  ['TXT', '""', '""'],
  ['SPF', '"v=spf1 -all"', '"v=spf1 -all"'],
  ['HINFO', '"PC" "Linux os"', '"PC" "Linux os"'],
  ['SRV', '10 20 5060 sip', '10 20 5060 sip.example.test.'],
  ['NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp', '100 10 "S" "SIP+D2U" "" _sip._udp.example.test.'],
  ['CAA', '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
  ['CAA', '128 tbs "a b"', '128 tbs "a b"'],
  ['SSHFP', '1 1 123456789abcdef67890123456789abcdef67890', '1 1 123456789ABCDEF67890123456789ABCDEF67890'],
  [
    'TLSA',
    '3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF',
  ],
  ['SMIMEA', '3 1 1 0123456789abcdef', '3 1 1 0123456789ABCDEF'],
  [
    'LOC',
    '52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m',
    '52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m',
  ],
  ['LOC', '1 2 N 3 E 4m', '1 2 0.000 N 3 0 0.000 E 4.00m 1m 10000m 10m'],
  ['LOC', '42 21 54.5 S 71 6 18 W -24m 30m 0.5m 2m', '42 21 54.500 S 71 6 18.000 W -24.00m 30m 0.50m 2m'],
  [
    'DS',
    '12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF',
  ],
  ['CDS', '0 0 0 00', '0 0 0 00'],
  [
    'DNSKEY',
    '257 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8 KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
    '257 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8 KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
  ],
  ['CDNSKEY', '0 3 0 AA==', '0 3 0 AA=='],
  [
    'RRSIG',
    'A 13 3 300 20400201000000 1704067200 12345 @ oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
    'A 13 3 300 20400201000000 20240101000000 12345 example.test. oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8 KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
  ],
  [
    'NSEC',
    'next.example.test. A NS SOA MX RRSIG NSEC DNSKEY TYPE1234',
    'next.example.test. A NS SOA MX RRSIG NSEC DNSKEY TYPE1234',
  ],
  ['NSEC', 'next.example.test.', 'next.example.test.'],
  [
    'NSEC3',
    '1 1 10 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG',
    '1 1 10 AABBCCDD 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S A RRSIG',
  ],
  ['NSEC3', '1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s', '1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S'],
  ['NSEC3PARAM', '1 0 10 aabbccdd', '1 0 10 AABBCCDD'],
  [
    'ZONEMD',
    '2024010101 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '2024010101 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF0123456789ABCDEF0123456789ABCDEF',
  ],
  [
    'SVCB',
    '1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 ech=AEX+DQ== ipv6hint=2001:db8::1 mandatory=alpn,port',
    '1 . mandatory=alpn,port alpn="h2,h3" port=8443 ipv4hint=192.0.2.1 ech=AEX+DQ== ipv6hint=2001:db8::1',
  ],
  ['HTTPS', '0 target.example.', '0 target.example.'],
  [
    'HTTPS',
    '1 . alpn="h3,h2\\\\,x" no-default-alpn key65000=abc dohpath=/q{?dns}',
    '1 . alpn="h3,h2\\\\,x" no-default-alpn key7="/q{?dns}" key65000="abc"',
  ],
  ['OPENPGPKEY', 'AQID', 'AQID'],
  ['URI', '10 1 "https://example.test/"', '10 1 "https://example.test/"'],
  [
    'TSIG',
    'hmac-sha256. 1700000000 300 4 AQIDBA== 4660 BADTIME 0',
    'hmac-sha256. 1700000000 300 4 AQIDBA== 4660 BADTIME 0',
  ],
  ['TYPE65534', '\\# 4 0a000001', '\\# 4 0A000001'],
  ['A', '\\# 4 0a000001', '10.0.0.1'],
  ['RP', '\\# 0', '\\# 0'],
];

for (const [type, input, expected] of cases) {
  test(`${type} ${input}`, (t) => {
    const code = rrTypeFromString(type);
    const wire = rdataFromText(code, input, origin);
    t.is(rdataToText(code, wire), expected);
    // Presentation output reads back to the same octets, and the typed value round-trips.
    t.deepEqual(rdataFromText(code, expected, origin), wire);
    const typed = decodeRdata(code, wire);
    t.deepEqual(encodeRdata(typed), wire);
    t.is(formatRdata(typed), expected);
  });
}

test('rejects malformed presentation', (t) => {
  const bad: [number, string][] = [
    [RRType.A, '192.0.2'],
    [RRType.A, '192.0.2.256'],
    [RRType.A, '192.0.2.01'],
    [RRType.A, '192.0.2.1 extra'],
    [RRType.AAAA, '1::2::3'],
    [RRType.AAAA, '12345::'],
    [RRType.MX, '65536 mail.'],
    [RRType.MX, '-1 mail.'],
    [RRType.SOA, 'a. b. 1 2 3 4'],
    [RRType.TXT, `"${'x'.repeat(256)}"`],
    [RRType.DS, '1 2 3 0g'],
    [RRType.DNSKEY, '256 3 8 !!!!'],
    [RRType.A, '\\# 5 0a000001'],
    [RRType.A, '\\# 3 0a0000'],
    [65534, '0a000001'],
    [RRType.SVCB, '1 . port=99999'],
    [RRType.SVCB, '1 . alpn=h2 alpn=h3'],
    [RRType.SVCB, '1 . unknownkey=1'],
    [RRType.CAA, '0 is-sue "x"'],
    [RRType.LOC, '91 0 0 N 0 E 0m'],
    [RRType.NSEC3, '1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3w'],
    [RRType.RRSIG, 'A 13 3 300 20241301000000 20240101000000 1 . AA=='],
  ];
  for (const [type, text] of bad) {
    const error = t.throws(() => rdataFromText(type, text, origin), undefined, `${type} ${text}`);
    t.true(error instanceof RdataError || error instanceof NameError, `${type} ${text}: ${error}`);
  }
});

test('rejects malformed wire RDATA', (t) => {
  const bad: [number, number[]][] = [
    [RRType.A, [1, 2, 3]],
    [RRType.A, [1, 2, 3, 4, 5]],
    [RRType.MX, [0, 10, 0xc0, 0]],
    [RRType.NS, [3, 0x61, 0x62]],
    [RRType.TXT, [5, 0x61]],
    [RRType.NSEC, [0, 0, 0]],
    [RRType.NSEC, [0, 1, 1, 1, 0, 1, 1]],
    [RRType.SVCB, [0, 1, 0, 0, 3, 0, 1, 0, 3, 0, 1, 0]],
    [RRType.LOC, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
  ];
  for (const [type, bytes] of bad) {
    t.throws(() => decodeRdata(type, Uint8Array.from(bytes)), { instanceOf: RdataError }, `${type}`);
    t.throws(() => rdataToText(type, Uint8Array.from(bytes)), { instanceOf: RdataError }, `${type}`);
  }
});

test('rdataNames finds embedded names', (t) => {
  const names = (type: number, text: string) =>
    rdataNames(type, rdataFromText(type, text, origin)).map((n) => n.toString());
  t.deepEqual(names(RRType.MX, '10 mail'), ['mail.example.test.']);
  t.deepEqual(names(RRType.SOA, 'ns hm 1 2 3 4 5'), ['ns.example.test.', 'hm.example.test.']);
  t.deepEqual(names(RRType.SRV, '1 2 3 sip'), ['sip.example.test.']);
  t.deepEqual(names(RRType.NAPTR, '1 2 "a" "b" "c" repl'), ['repl.example.test.']);
  t.deepEqual(names(RRType.HTTPS, '1 svc alpn=h2'), ['svc.example.test.']);
  t.deepEqual(names(RRType.A, '192.0.2.1'), []);
});

test('canonical RDATA lowercases names only for the RFC 4034 §6.2 types', (t) => {
  const mx = rdataFromText(RRType.MX, '10 MAIL.Example.TEST.');
  t.is(rdataToText(RRType.MX, canonicalRdata(RRType.MX, mx)), '10 mail.example.test.');
  const nsec = rdataFromText(RRType.NSEC, 'NeXT.example.test. A');
  // RFC 6840 §5.1: NSEC next names keep their case.
  t.is(canonicalRdata(RRType.NSEC, nsec), nsec);
  const rrsig = rdataFromText(RRType.RRSIG, 'A 13 3 300 20400201000000 20240101000000 1 EXAMPLE.test. AA==');
  t.regex(rdataToText(RRType.RRSIG, canonicalRdata(RRType.RRSIG, rrsig)), / example\.test\. AA==$/);
});

test('SOA field helpers', (t) => {
  const soa = rdataFromText(RRType.SOA, 'ns hm 2024010101 2 3 4 300', origin);
  t.is(soaSerial(soa), 2024010101);
  t.is(soaMinimum(soa), 300);
  const bumped = withSoaSerial(soa, 4294967295);
  t.is(soaSerial(bumped), 4294967295);
  t.is(soaSerial(soa), 2024010101);
  t.throws(() => soaSerial(new Uint8Array([0, 0])), { instanceOf: RdataError });
});

test('typed values', (t) => {
  const soa = parseRdata(RRType.SOA, 'ns hm 1 2 3 4 5', origin);
  if (soa.type !== 'SOA') return t.fail();
  t.is(soa.mname.toString(), 'ns.example.test.');
  t.is(soa.minimum, 5);
  const unknown = decodeRdata(65534, new Uint8Array([1, 2]));
  t.deepEqual(unknown, { type: 'UNKNOWN', code: 65534, data: new Uint8Array([1, 2]) });
  t.deepEqual(encodeRdata({ type: 'A', address: '192.0.2.7' }), new Uint8Array([192, 0, 2, 7]));
});

test('character-strings whose length octet lands where the buffer grows are kept (multi-string TXT)', (t) => {
  const origin = Name.parse('example.test.');
  // A 63-octet string fills the first 64 octets; the next length octet is written as the buffer
  // grows. 255-octet chunks (DKIM keys) hit the same point further on.
  for (const sizes of [
    [63, 1],
    [255, 1],
    [200, 200, 200, 200, 200],
    [127, 127, 3],
  ]) {
    const strings = sizes.map((n, i) => String.fromCharCode(97 + i).repeat(n));
    const text = strings.map((s) => `"${s}"`).join(' ');
    const wire = rdataFromText(RRType.TXT, text, origin);
    t.is(
      wire.length,
      sizes.reduce((a, n) => a + n + 1, 0),
      `${sizes}`,
    );
    let p = 0;
    for (const n of sizes) {
      t.is(wire[p], n, `${sizes}: length octet at ${p}`);
      p += n + 1;
    }
    t.is(rdataToText(RRType.TXT, wire), text);
  }
});
