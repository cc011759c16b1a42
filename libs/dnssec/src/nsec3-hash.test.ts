import { Name } from '@shoal/dns-wire';
import test from 'ava';
import { base32hex, base32hexDecode, nsec3Hash } from './nsec3-hash.js';

// RFC 5155 Appendix A: salt aabbccdd, 12 iterations.
const params = { hashAlgorithm: 1, iterations: 12, salt: Uint8Array.from(Buffer.from('aabbccdd', 'hex')) };

test('RFC 5155 Appendix A hashes', (t) => {
  const expect: [string, string][] = [
    ['example.', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom'],
    ['a.example.', '35mthgpgcu1qg68fab165klnsnk3dpvl'],
    ['ai.example.', 'gjeqe526plbf1g8mklp59enfd789njgi'],
    ['ns1.example.', '2t7b4g4vsa5smi47k61mv5bv1a22bojr'],
    ['*.w.example.', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en'],
  ];
  for (const [name, hash] of expect) t.is(base32hex(nsec3Hash(Name.parse(name), params)), hash, name);
  t.is(
    base32hex(nsec3Hash(Name.parse('EXAMPLE.'), params)),
    '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom',
    'case-insensitive',
  );
});

test('base32hex round-trips and rejects other text', (t) => {
  const bytes = nsec3Hash(Name.parse('x.example.'), params);
  t.deepEqual(base32hexDecode(base32hex(bytes)), bytes);
  t.deepEqual(base32hexDecode(base32hex(bytes).toUpperCase()), bytes);
  t.is(base32hexDecode('www'), undefined);
});
