import test from 'ava';
import { ApiError, HttpError } from './http-error.js';
import { searchPattern } from './search.js';
import { apiName, zoneIdToName, zoneNameToId } from './zone-id.js';

test("zone ids: '=2F' for '/', the root as '=2E', round trips", (t) => {
  t.is(zoneNameToId('example.org.'), 'example.org.');
  t.is(zoneNameToId('0/25.2.0.192.in-addr.arpa.'), '0=2F25.2.0.192.in-addr.arpa.');
  t.is(zoneNameToId('.'), '=2E');
  t.is(zoneIdToName('0=2F25.2.0.192.in-addr.arpa.').toString(), '0/25.2.0.192.in-addr.arpa.');
  t.is(zoneIdToName('example.org').toString(), 'example.org.');
  t.is(zoneIdToName('=2E').toString(), '.');
  t.throws(() => zoneIdToName('bad=zz.'), { instanceOf: HttpError });
});

test('names in bodies must be absolute', (t) => {
  t.is(apiName('www.example.org.').toString(), 'www.example.org.');
  t.throws(() => apiName('www.example.org'), {
    instanceOf: ApiError,
    message: "DNS Name 'www.example.org' is not canonical",
  });
});

test('search patterns: * and ?, whole string, case-insensitive', (t) => {
  t.true(searchPattern('test*').test('test.example.org'));
  t.true(searchPattern('TEST?.example.org').test('test1.example.org'));
  t.false(searchPattern('example.org').test('www.example.org'));
  t.false(searchPattern('a.c').test('abc'), 'the dot is literal');
});
