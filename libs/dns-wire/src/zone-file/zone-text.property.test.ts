import test from 'ava';
import fc from 'fast-check';
import { DnsWireError } from '../errors.js';
import { Name } from '../name.js';
import { parseZoneText } from './zone-text.js';

const words = [
  '$ORIGIN',
  '$TTL',
  '$INCLUDE',
  '$GENERATE',
  '1-3',
  '0-1048576',
  '$' + '{1,3,x}',
  '@',
  '*',
  'www',
  'a.b.',
  '.',
  '..',
  'IN',
  'CH',
  'CLASS9',
  '300',
  '1h30m',
  '4294967296',
  'A',
  'AAAA',
  'MX',
  'SOA',
  'TXT',
  'SVCB',
  'TYPE65534',
  '\\#',
  '4',
  '0a000001',
  '192.0.2.1',
  '::1',
  'alpn=h2',
  '"quoted text"',
  '"',
  '(',
  ')',
  ';',
  '\\',
  '\\065',
  '\\999',
  '10',
  'host$',
];

const line = fc
  .tuple(fc.constantFrom('', ' '), fc.array(fc.constantFrom(...words), { maxLength: 10 }))
  .map(([lead, w]) => lead + w.join(' '));

test('random zone text only ever raises DnsWireError', (t) => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
      try {
        parseZoneText(lines.join('\n'), { origin: Name.parse('example.') });
      } catch (e) {
        if (!(e instanceof DnsWireError)) throw e;
      }
      t.pass();
    }),
    { numRuns: 3000 },
  );
});
