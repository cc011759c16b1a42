import test from 'ava';
import { Acl, AclError, compileAcl, parseCidr } from './index.js';

test('IPv4 prefixes match addresses inside them only', (t) => {
  const acl = new Acl(['192.0.2.0/24', '10.1.2.3']);
  t.true(acl.allows('192.0.2.77'));
  t.false(acl.allows('192.0.3.1'));
  t.true(acl.allows('10.1.2.3'));
  t.false(acl.allows('10.1.2.4'));
});

test('odd prefix lengths mask the partial octet', (t) => {
  const acl = new Acl(['198.51.100.128/25', '2001:db8:8000::/33']);
  t.true(acl.allows('198.51.100.200'));
  t.false(acl.allows('198.51.100.127'));
  t.true(acl.allows('2001:db8:ffff::1'));
  t.false(acl.allows('2001:db8:7fff::1'));
});

test('IPv6 prefixes, and IPv4-mapped IPv6 peers match IPv4 prefixes', (t) => {
  const acl = new Acl(['2001:db8::/32', '127.0.0.0/8']);
  t.true(acl.allows('2001:db8:1::5'));
  t.false(acl.allows('2001:db9::1'));
  t.true(acl.allows('::ffff:127.0.0.1'));
  t.false(acl.allows('::1'));
  t.true(new Acl(['::1']).allows('::1'));
  t.true(new Acl(['::/0']).allows('fe80::1%eth0'));
  t.true(new Acl(['0.0.0.0/0']).allows('203.0.113.9'));
  t.false(new Acl(['0.0.0.0/0']).allows('2001:db8::1'));
});

test('an empty ACL allows nobody, and garbage is an AclError', (t) => {
  t.false(new Acl([]).allows('127.0.0.1'));
  t.true(new Acl([]).empty);
  t.throws(() => parseCidr('example.test'), { instanceOf: AclError });
  t.throws(() => parseCidr('192.0.2.0/33'), { instanceOf: AclError });
  t.throws(() => parseCidr('192.0.2.0/x'), { instanceOf: AclError });
  t.is(compileAcl(['192.0.2.1']), compileAcl(['192.0.2.1']));
});
