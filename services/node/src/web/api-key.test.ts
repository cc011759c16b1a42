import type { IncomingMessage } from 'node:http';
import test from 'ava';
import { keyAccepted, offeredKey } from './api-key.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

test('the key is taken from X-API-Key, a bearer token or the dashboard cookie', (t) => {
  t.is(offeredKey(req({ 'x-api-key': 'k1' })), 'k1');
  t.is(offeredKey(req({ authorization: 'Bearer k2' })), 'k2');
  t.is(offeredKey(req({ cookie: 'a=b; shoal_api_key=k%203; c=d' })), 'k 3');
  t.is(offeredKey(req({ authorization: 'Basic abc' })), undefined);
  t.is(offeredKey(req({ cookie: 'shoal_api_key=%E0%A4%A' })), undefined, 'a malformed cookie is no key');
  t.is(offeredKey(req({})), undefined);
});

test('no configured key lets everyone in; a configured one must match exactly', (t) => {
  t.true(keyAccepted(undefined, undefined));
  t.true(keyAccepted('secret-secret-secret', 'secret-secret-secret'));
  t.false(keyAccepted('secret-secret-secret', 'secret-secret-secreT'));
  t.false(keyAccepted('secret-secret-secret', 'secret'));
  t.false(keyAccepted('secret-secret-secret', undefined));
});
