import test from 'ava';
import { authorize, bearerToken, TokenAuthenticator } from './auth.js';
import { PermissionDeniedError, UnauthenticatedError } from './errors.js';

const auth = new TokenAuthenticator([
  { token: 'admin-token-0123456789', role: 'admin', name: 'root' },
  { token: 'reader-token-012345678', role: 'reader' },
  { token: 'writer-token-012345678', role: 'writer', zones: ['Example.TEST'], name: 'ci' },
  { token: 'global-writer-01234567', role: 'writer' },
]);

test('bearer tokens are read from the Authorization header, case-insensitively', (t) => {
  t.is(bearerToken('Bearer abc'), 'abc');
  t.is(bearerToken('bearer   abc  '), 'abc');
  t.is(bearerToken('Basic abc'), undefined);
  t.is(bearerToken(undefined), undefined);
});

test('a missing or unknown token is refused', (t) => {
  t.throws(() => auth.authenticate(undefined), { instanceOf: UnauthenticatedError });
  t.throws(() => auth.authenticate(''), { instanceOf: UnauthenticatedError });
  t.throws(
    () => auth.authenticate('admin-token-012345678'),
    { instanceOf: UnauthenticatedError },
    'a prefix is not the token',
  );
  t.throws(() => auth.authenticate('admin-token-0123456789x'), { instanceOf: UnauthenticatedError });
});

test('a known token gives its role, name and canonical zones', (t) => {
  t.deepEqual(auth.authenticate('writer-token-012345678'), {
    name: 'ci',
    role: 'writer',
    zones: ['example.test.'],
  });
  t.is(auth.authenticate('reader-token-012345678').name, 'token:reader');
});

test('readers read; only admins administer', (t) => {
  const reader = auth.authenticate('reader-token-012345678');
  t.notThrows(() => authorize(reader, { kind: 'read' }));
  t.throws(() => authorize(reader, { kind: 'write-zone', zone: 'example.test.' }), {
    instanceOf: PermissionDeniedError,
  });
  t.throws(() => authorize(reader, { kind: 'admin' }), { instanceOf: PermissionDeniedError });
  const admin = auth.authenticate('admin-token-0123456789');
  t.notThrows(() => authorize(admin, { kind: 'admin' }));
  t.notThrows(() => authorize(admin, { kind: 'write-zone', zone: 'anything.' }));
});

test('a zone-scoped writer writes its zones and their subzones, nothing else', (t) => {
  const w = auth.authenticate('writer-token-012345678');
  t.notThrows(() => authorize(w, { kind: 'write-zone', zone: 'example.test' }));
  t.notThrows(() => authorize(w, { kind: 'write-zone', zone: 'sub.EXAMPLE.test.' }));
  t.throws(() => authorize(w, { kind: 'write-zone', zone: 'other.test.' }), {
    instanceOf: PermissionDeniedError,
  });
  t.throws(() => authorize(w, { kind: 'write-zone', zone: 'badexample.test.' }), {
    instanceOf: PermissionDeniedError,
  });
  t.throws(() => authorize(w, { kind: 'admin' }), { instanceOf: PermissionDeniedError });
  const any = auth.authenticate('global-writer-01234567');
  t.notThrows(() => authorize(any, { kind: 'write-zone', zone: 'other.test.' }));
});
