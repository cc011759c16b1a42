import test from 'ava';
import { ValidationError } from './errors.js';
import { normaliseTsigKey, tsigKvKey } from './tsig-keys.js';

test('bucket keys: lowercase, no trailing dot, KV-illegal octets escaped as =hh (the transfer code reads the same)', (t) => {
  t.is(tsigKvKey('Transfer.Example.'), 'transfer.example');
  t.is(tsigKvKey('tsig_key-1'), 'tsig_key-1');
  t.is(tsigKvKey('a b.'), 'a=20b');
  t.is(tsigKvKey('a=b'), 'a=3db', "'=' itself is escaped, so the mapping is injective");
  t.is(tsigKvKey('k*.'), 'k=2a');
});

test('keys are normalised: absolute lowercase name, algorithm id, generated secret of the block size', (t) => {
  const k = normaliseTsigKey({ name: 'Xfer.Example', algorithm: 'HMAC-SHA512.' });
  t.is(k.name, 'xfer.example.');
  t.is(k.algorithm, 'hmac-sha512');
  t.is(Buffer.from(k.secret, 'base64').length, 128);
  t.is(Buffer.from(normaliseTsigKey({ name: 'k', algorithm: 'hmac-sha256' }).secret, 'base64').length, 64);
  t.is(normaliseTsigKey({ name: 'k', algorithm: 'hmac-sha1', secret: 'Zm9vYmFy' }).secret, 'Zm9vYmFy');
});

test('bad keys: every problem is reported', (t) => {
  const e = t.throws(() => normaliseTsigKey({ name: '.', algorithm: 'hmac-md5', secret: 'not base64!' }), {
    instanceOf: ValidationError,
  });
  t.deepEqual(
    e.violations.map((v) => v.rule),
    ['bad-name', 'bad-algorithm', 'bad-secret'],
  );
});
