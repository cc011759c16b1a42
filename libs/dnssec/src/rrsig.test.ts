import { createPrivateKey } from 'node:crypto';
import { Name, RRType, rdataFromText, rdataToText } from '@shoal/dns-wire';
import test from 'ava';
import { Algorithm } from './algorithm.js';
import { dsRdata } from './ds.js';
import { signRRset, verifyRRsig, withinValidity } from './rrsig.js';
import { generateSigningKey, signingKey, verifyingKey } from './signing-key.js';

const origin = Name.parse('example.com.');

// RFC 8080 §6.1, example 1: Ed25519 is deterministic, so our signature must equal the RFC's.
test('RFC 8080 example: DNSKEY, DS and the RRSIG over MX match byte for byte', (t) => {
  const seed = Buffer.from('ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=', 'base64');
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = signingKey(
    Algorithm.ED25519,
    257,
    createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
  );
  t.is(rdataToText(RRType.DNSKEY, key.dnskey), '257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=');
  t.is(key.keyTag, 3613);
  t.is(
    rdataToText(RRType.DS, dsRdata(origin, key.dnskey)),
    '3613 15 2 3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78 E79A304B',
  );
  const mx = {
    owner: origin,
    type: RRType.MX,
    ttl: 3600,
    rdatas: [rdataFromText(RRType.MX, '10 mail.example.com.')],
  };
  const sig = signRRset(mx, key, origin, { inception: 1438207200, expiration: 1440021600 });
  t.is(
    rdataToText(RRType.RRSIG, sig),
    'MX 15 2 3600 20150819220000 20150729220000 3613 example.com. ' +
      'oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QL s3fx8A4M3e23mRZ9VrbpMngwcrqNAg==',
  );
  t.true(verifyRRsig(mx, sig, verifyingKey(key.dnskey)));
});

for (const algorithm of [Algorithm.RSASHA256, Algorithm.ECDSAP256SHA256, Algorithm.ED25519]) {
  test(`algorithm ${algorithm}: signatures verify, and fail on changed data, TTL or key`, (t) => {
    const key = generateSigningKey(algorithm, 'zsk');
    const other = generateSigningKey(algorithm, 'zsk');
    const rrset = {
      owner: Name.parse('WWW.Example.com.'),
      type: RRType.A,
      ttl: 300,
      rdatas: [rdataFromText(RRType.A, '192.0.2.2'), rdataFromText(RRType.A, '192.0.2.1')],
    };
    const sig = signRRset(rrset, key, origin, { inception: 1000, expiration: 2000 });
    const verifier = verifyingKey(key.dnskey);
    t.true(verifyRRsig(rrset, sig, verifier));
    // Order and case of the records do not matter (RFC 4034 §6.2, §6.3).
    t.true(
      verifyRRsig(
        { ...rrset, owner: Name.parse('www.example.com.'), rdatas: [...rrset.rdatas].reverse() },
        sig,
        verifier,
      ),
    );
    t.false(verifyRRsig({ ...rrset, rdatas: rrset.rdatas.slice(1) }, sig, verifier));
    t.false(verifyRRsig(rrset, sig, verifyingKey(other.dnskey)));
    t.true(verifyRRsig(rrset, sig, verifier, 1500));
    t.false(verifyRRsig(rrset, sig, verifier, 2001));
  });
}

test('a wildcard RRset signed at *.example.com verifies as any expansion of it (RFC 4035 §5.3.2)', (t) => {
  const key = generateSigningKey(Algorithm.ECDSAP256SHA256, 'zsk');
  const rdatas = [rdataFromText(RRType.TXT, '"wild"')];
  const sig = signRRset(
    { owner: Name.parse('*.example.com.'), type: RRType.TXT, ttl: 60, rdatas },
    key,
    origin,
    {
      inception: 0,
      expiration: 0xffffffff,
    },
  );
  t.is(sig[3], 2, 'labels exclude the asterisk');
  const expanded = { owner: Name.parse('a.b.example.com.'), type: RRType.TXT, ttl: 60, rdatas };
  t.true(verifyRRsig(expanded, sig, verifyingKey(key.dnskey)));
});

test('validity uses serial arithmetic across the 2106 wrap (RFC 4034 §3.1.5)', (t) => {
  t.true(withinValidity({ inception: 0xfffffff0, expiration: 0x10 }, 0x5));
  t.false(withinValidity({ inception: 0xfffffff0, expiration: 0x10 }, 0x20));
});
