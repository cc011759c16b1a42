import test from 'ava';
import { clientAddressOctets } from './client-address.js';
import { cookieLengthValid, ServerCookies } from './server-cookies.js';

const secret = Uint8Array.from(Buffer.from('e5e973e5a6b2a43f48e7dc849e37bfcf', 'hex'));
const other = Uint8Array.from(Buffer.from('445536bcd2513298075a5d379663c962', 'hex'));
const client = Uint8Array.from(Buffer.from('2464c4abcf10c957', 'hex'));
const ip = clientAddressOctets('198.51.100.100');

function at(seconds: number, secrets = [secret]) {
  let now = seconds;
  const cookies = new ServerCookies({ secrets, now: () => now });
  return { cookies, advance: (s: number) => (now += s) };
}

test('a client cookie alone gets the server cookie of RFC 9018 Appendix A.1', (t) => {
  const { cookies } = at(1_559_731_985);
  const verdict = cookies.judge(client, ip);
  t.false(verdict.valid);
  t.is(verdict.reply.length, 24);
  t.deepEqual(verdict.reply.subarray(0, 8), client);
  // Version 1, reserved, the timestamp 1559731985, and the hash the RFC gives for this input.
  t.is(Buffer.from(verdict.reply.subarray(8)).toString('hex'), '010000005cf79f111f8130c3eee29480');
});

test('the cookie it made is valid from the same address, and echoed while young', (t) => {
  const { cookies, advance } = at(1_700_000_000);
  const first = cookies.judge(client, ip).reply;
  advance(600);
  const again = cookies.judge(first, ip);
  t.true(again.valid);
  t.deepEqual(again.reply, first, 'echoed');
  // Older than half an hour: still valid, but replaced by one with the current time.
  advance(1500);
  const refreshed = cookies.judge(first, ip);
  t.true(refreshed.valid);
  t.notDeepEqual(refreshed.reply, first);
  t.true(cookies.judge(refreshed.reply, ip).valid);
});

test('not valid from another address, with another client cookie, or altered', (t) => {
  const { cookies } = at(1_700_000_000);
  const made = cookies.judge(client, ip).reply;
  t.false(cookies.judge(made, clientAddressOctets('198.51.100.101')).valid);
  const otherClient = made.slice();
  otherClient[0] ^= 1;
  t.false(cookies.judge(otherClient, ip).valid);
  for (const octet of [8, 9, 12, 16, 23]) {
    const altered = made.slice();
    altered[octet] ^= 0x40;
    t.false(cookies.judge(altered, ip).valid, `octet ${octet}`);
  }
  // A server cookie of another length or version (another implementation's) is just unknown.
  t.false(cookies.judge(made.subarray(0, 20), ip).valid);
});

test('expired after an hour; from more than five minutes in the future, refused', (t) => {
  const { cookies, advance } = at(1_700_000_000);
  const made = cookies.judge(client, ip).reply;
  advance(3600);
  t.true(cookies.judge(made, ip).valid, 'an hour old');
  advance(1);
  t.false(cookies.judge(made, ip).valid, 'an hour and a second old');
  const future = at(1_700_000_000 + 301).cookies.judge(client, ip).reply;
  t.false(at(1_700_000_000).cookies.judge(future, ip).valid);
  const nearFuture = at(1_700_000_000 + 300).cookies.judge(client, ip).reply;
  t.true(at(1_700_000_000).cookies.judge(nearFuture, ip).valid);
});

test('valid across the 32-bit timestamp wrap (RFC 1982 arithmetic)', (t) => {
  const { cookies, advance } = at(0xffff_ff00);
  const made = cookies.judge(client, ip).reply;
  advance(0x200);
  t.true(cookies.judge(made, ip).valid);
});

test('secret rollover: cookies of the previous secret are accepted, new ones use the first', (t) => {
  const old = at(1_700_000_000, [other]).cookies.judge(client, ip).reply;
  const { cookies } = at(1_700_000_010, [secret, other]);
  const verdict = cookies.judge(old, ip);
  t.true(verdict.valid);
  t.false(at(1_700_000_010, [secret]).cookies.judge(old, ip).valid, 'once the old secret is dropped');
  const fresh = cookies.judge(client, ip).reply;
  t.true(at(1_700_000_020, [secret]).cookies.judge(fresh, ip).valid);
});

test('IPv6, and IPv4 seen through a dual-stack socket, hash the address they are', (t) => {
  t.is(clientAddressOctets('2001:db8::53').length, 16);
  t.deepEqual(clientAddressOctets('::ffff:198.51.100.100'), ip);
  t.deepEqual(clientAddressOctets('::FFFF:198.51.100.100'), ip);
  t.is(clientAddressOctets('fe80::1%lo').length, 16);
  t.is(clientAddressOctets('').length, 0);
  const { cookies } = at(1_700_000_000);
  const v6 = clientAddressOctets('2001:db8::53');
  t.true(cookies.judge(cookies.judge(client, v6).reply, v6).valid);
  t.false(cookies.judge(cookies.judge(client, v6).reply, ip).valid);
});

test('the lengths RFC 7873 §4 allows, and secrets that are not 128 bits refused', (t) => {
  t.deepEqual([0, 7, 8, 9, 15, 16, 24, 40, 41].map(cookieLengthValid), [
    false,
    false,
    true,
    false,
    false,
    true,
    true,
    true,
    false,
  ]);
  t.throws(() => new ServerCookies({ secrets: [] }), { instanceOf: RangeError });
  t.throws(() => new ServerCookies({ secrets: [new Uint8Array(8)] }), { instanceOf: RangeError });
});
