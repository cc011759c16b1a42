import {
  decodeRdata,
  type Message,
  Name,
  type NSEC3Rdata,
  type NSECRdata,
  Rcode,
  type ResourceRecord,
  type RRSIGRdata,
  RRType,
} from '@shoal/dns-wire';
import { base32hex, compareBytes, nsec3Hash, verifyingKey, verifyRRsig } from '@shoal/dnssec';
import test from 'ava';
import { Responder } from '../responder.js';
import { ask } from '../test-support/exchange.js';
import {
  catalogOf,
  NSEC3,
  NSEC3_OPT_OUT,
  type SignedFixture,
  signedFixture,
} from '../test-support/signed.js';

const DO = { edns: 1232, dnssecOk: true };
const wildNsec = signedFixture('wild.test');
const exampleNsec = signedFixture('example.test');
const wildNsec3 = signedFixture('wild.test', NSEC3);
const exampleOptOut = signedFixture('example.test', NSEC3_OPT_OUT);
const responder = (...fixtures: SignedFixture[]) => new Responder(catalogOf(...fixtures.map((f) => f.zone)));

/** Every RRSIG in the message verifies over the RRset it sits beside, with the zone's keys. */
function verifySignatures(
  t: { true: (v: boolean, m?: string) => void; fail: (m: string) => void },
  fixture: SignedFixture,
  message: Message,
): number {
  const keys = fixture.keys.dnskeys.map(verifyingKey);
  let count = 0;
  for (const section of [message.answers, message.authorities, message.additionals]) {
    for (const sig of section.filter((r) => r.type === RRType.RRSIG)) {
      const fields = decodeRdata(RRType.RRSIG, sig.rdata) as RRSIGRdata;
      const rrset = section.filter((r) => r.type === fields.typeCovered && r.name.equals(sig.name));
      const key = keys.find((k) => k.keyTag === fields.keyTag);
      if (!key) {
        t.fail(`no key ${fields.keyTag}`);
        return 0;
      }
      const ok = verifyRRsig(
        {
          owner: sig.name,
          type: fields.typeCovered,
          ttl: fields.originalTtl,
          rdatas: rrset.map((r) => r.rdata),
        },
        sig.rdata,
        key,
      );
      t.true(ok, `RRSIG over ${sig.name} ${fields.typeCovered}`);
      count++;
    }
  }
  return count;
}

const types = (records: readonly ResourceRecord[]) => records.map((r) => r.type);
const nsecs = (m: Message) => m.authorities.filter((r) => r.type === RRType.NSEC);

/** Does the NSEC at `owner` cover `name` (owner < name < next, circularly; RFC 4034 §4.1.1)? */
function nsecCovers(record: ResourceRecord, name: Name): boolean {
  const next = (decodeRdata(RRType.NSEC, record.rdata) as NSECRdata).next;
  const after = Name.compareCanonical(record.name, name) < 0;
  const before = Name.compareCanonical(name, next) < 0;
  return Name.compareCanonical(record.name, next) < 0 ? after && before : after || before;
}

test('without DO: no RRSIG, NSEC or DNSKEY where they were not asked for', (t) => {
  const r = responder(wildNsec);
  for (const [qname, qtype] of [
    ['mail.wild.test.', 'A'],
    ['nothing.ent.a.wild.test.', 'A'],
    ['mail.wild.test.', 'TXT'],
    ['x.wild.test.', 'A'],
  ]) {
    const m = ask(r, qname, qtype, { edns: 1232 });
    const all = [...m.answers, ...m.authorities, ...m.additionals];
    t.false(
      all.some((rr) => rr.type === RRType.RRSIG || rr.type === RRType.NSEC),
      `${qname} ${qtype}`,
    );
  }
  t.is(ask(r, 'wild.test.', 'DNSKEY').answers.length, 2, 'DNSKEY asked for is data');
});

test('positive answer with DO: the RRset and its RRSIG; additional data signed too; no AD', (t) => {
  const m = ask(responder(wildNsec), 'wild.test.', 'NS', DO);
  t.is(m.rcode, Rcode.NOERROR);
  t.deepEqual(types(m.answers).sort(), [RRType.NS, RRType.RRSIG].sort());
  t.true(
    types(m.additionals).includes(RRType.RRSIG),
    'glue-like address of an in-zone NS is authoritative and signed',
  );
  t.false(m.ad, 'an authoritative server does not set AD (RFC 4035 §3.1.6)');
  t.true(m.edns?.dnssecOk);
  t.true(verifySignatures(t, wildNsec, m) >= 2);
});

test('DNSKEY at the apex is signed by the KSK', (t) => {
  const m = ask(responder(wildNsec), 'wild.test.', 'DNSKEY', DO);
  const sig = m.answers.find((r) => r.type === RRType.RRSIG)!;
  t.is((decodeRdata(RRType.RRSIG, sig.rdata) as RRSIGRdata).keyTag, wildNsec.keys.keySigners[0].keyTag);
  verifySignatures(t, wildNsec, m);
});

test('NXDOMAIN (NSEC): SOA, the NSEC covering the name and the one covering the wildcard, all signed', (t) => {
  const m = ask(responder(exampleNsec), 'nothere.example.test.', 'A', DO);
  t.is(m.rcode, Rcode.NXDOMAIN);
  const found = nsecs(m);
  t.true(found.some((r) => nsecCovers(r, Name.parse('nothere.example.test.'))));
  t.true(found.some((r) => nsecCovers(r, Name.parse('*.example.test.'))));
  t.true(types(m.authorities).includes(RRType.SOA));
  t.is(verifySignatures(t, exampleNsec, m), found.length + 1);
});

test('NODATA (NSEC): the NSEC at the name, without the type', (t) => {
  const m = ask(responder(exampleNsec), 'www.example.test.', 'MX', DO);
  t.is(m.rcode, Rcode.NOERROR);
  t.is(m.answers.length, 0);
  const [nsec] = nsecs(m);
  t.true(nsec.name.equals(Name.parse('www.example.test.')));
  const bitmap = (decodeRdata(RRType.NSEC, nsec.rdata) as NSECRdata).types;
  t.false(bitmap.includes(RRType.MX));
  t.false(bitmap.includes(RRType.CNAME));
  verifySignatures(t, exampleNsec, m);
});

test('empty non-terminal (NSEC): NODATA with the NSEC that covers it', (t) => {
  const m = ask(responder(exampleNsec), 'c.ent.example.test.', 'A', DO);
  t.is(m.rcode, Rcode.NOERROR);
  t.true(nsecs(m).some((r) => nsecCovers(r, Name.parse('c.ent.example.test.'))));
});

test('wildcard answer (NSEC): owner is the query name, RRSIG labels say wildcard, NSEC proves no closer match', (t) => {
  const m = ask(responder(wildNsec), 'anything.wild.test.', 'A', DO);
  t.is(m.rcode, Rcode.NOERROR);
  const sig = m.answers.find((r) => r.type === RRType.RRSIG)!;
  t.true(sig.name.equals(Name.parse('anything.wild.test.')));
  t.is((decodeRdata(RRType.RRSIG, sig.rdata) as RRSIGRdata).labels, 2);
  t.true(nsecs(m).some((r) => nsecCovers(r, Name.parse('anything.wild.test.'))));
  verifySignatures(t, wildNsec, m);
});

test('wildcard NODATA (NSEC): no closer match, and the wildcard has no such type', (t) => {
  const m = ask(responder(wildNsec), 'anything.wild.test.', 'AAAA', DO);
  t.is(m.rcode, Rcode.NOERROR);
  const found = nsecs(m);
  t.true(found.some((r) => nsecCovers(r, Name.parse('anything.wild.test.'))));
  t.true(found.some((r) => r.name.equals(Name.parse('*.wild.test.'))));
});

test('referral to a signed child: NS, DS and its RRSIG; glue unsigned; AA clear', (t) => {
  const m = ask(responder(exampleNsec), 'www.child.example.test.', 'A', DO);
  t.false(m.aa);
  t.deepEqual([...new Set(types(m.authorities))].sort(), [RRType.NS, RRType.DS, RRType.RRSIG].sort());
  t.false(
    m.additionals.some(
      (r) => r.type === RRType.RRSIG && r.name.isSubdomainOf(Name.parse('child.example.test.')),
    ),
  );
  verifySignatures(t, exampleNsec, m);
});

test('referral to an unsigned child: the NSEC at the cut shows NS without DS', (t) => {
  const m = ask(responder(exampleNsec), 'x.outofb.example.test.', 'A', DO);
  const [nsec] = nsecs(m);
  t.true(nsec.name.equals(Name.parse('outofb.example.test.')));
  const bitmap = (decodeRdata(RRType.NSEC, nsec.rdata) as NSECRdata).types;
  t.true(bitmap.includes(RRType.NS));
  t.false(bitmap.includes(RRType.DS));
  verifySignatures(t, exampleNsec, m);
});

test('DS asked at an unsigned cut: the parent answers NODATA with the NSEC at the cut', (t) => {
  const m = ask(responder(exampleNsec), 'outofb.example.test.', 'DS', DO);
  t.true(m.aa);
  t.is(m.answers.length, 0);
  t.true(nsecs(m)[0].name.equals(Name.parse('outofb.example.test.')));
});

const hashName = (name: string) =>
  base32hex(nsec3Hash(Name.parse(name), { hashAlgorithm: 1, iterations: 0, salt: new Uint8Array(0) }));
const nsec3s = (m: Message) => m.authorities.filter((r) => r.type === RRType.NSEC3);

/** NSEC3 `record` matches or covers `name` (RFC 5155 §1.3). */
function nsec3Relation(record: ResourceRecord, name: string): 'matches' | 'covers' | 'no' {
  const owner = Buffer.from(Name.labelText(record.name.labels[0]).toLowerCase());
  const hash = Buffer.from(hashName(name));
  if (owner.equals(hash)) return 'matches';
  const next = Buffer.from(
    base32hex((decodeRdata(RRType.NSEC3, record.rdata) as NSEC3Rdata).nextHashedOwner),
  );
  const after = compareBytes(owner, hash) < 0;
  const before = compareBytes(hash, next) < 0;
  return (compareBytes(owner, next) < 0 ? after && before : after || before) ? 'covers' : 'no';
}

test('NXDOMAIN (NSEC3): closest encloser matched, next closer covered, wildcard covered (RFC 5155 §7.2.2)', (t) => {
  const m = ask(responder(wildNsec3), 'no.such.ent.wild.test.', 'A', DO);
  t.is(m.rcode, Rcode.NXDOMAIN, 'a.ent exists, so ent is an empty non-terminal and the encloser');
  const found = nsec3s(m);
  t.true(found.some((r) => nsec3Relation(r, 'ent.wild.test.') === 'matches'));
  t.true(found.some((r) => nsec3Relation(r, 'such.ent.wild.test.') === 'covers'));
  t.true(found.some((r) => nsec3Relation(r, '*.ent.wild.test.') === 'covers'));
  verifySignatures(t, wildNsec3, m);
});

test('NODATA (NSEC3): the NSEC3 matching the name', (t) => {
  const m = ask(responder(wildNsec3), 'mail.wild.test.', 'TXT', DO);
  const found = nsec3s(m);
  t.is(found.length, 1);
  t.is(nsec3Relation(found[0], 'mail.wild.test.'), 'matches');
});

test('wildcard answer and wildcard NODATA (NSEC3, RFC 5155 §7.2.5, §7.2.6)', (t) => {
  const answer = ask(responder(wildNsec3), 'x.wild.test.', 'A', DO);
  t.deepEqual(
    nsec3s(answer).map((r) => nsec3Relation(r, 'x.wild.test.')),
    ['covers'],
  );
  const nodata = ask(responder(wildNsec3), 'x.wild.test.', 'AAAA', DO);
  const relations = nsec3s(nodata).map((r) => [
    nsec3Relation(r, 'wild.test.'),
    nsec3Relation(r, 'x.wild.test.'),
    nsec3Relation(r, '*.wild.test.'),
  ]);
  t.true(relations.some((r) => r[0] === 'matches'));
  t.true(relations.some((r) => r[1] === 'covers'));
  t.true(relations.some((r) => r[2] === 'matches'));
  verifySignatures(t, wildNsec3, nodata);
});

test('opt-out (NSEC3): an insecure referral gets the closest provable encloser proof with the Opt-Out flag', (t) => {
  const m = ask(responder(exampleOptOut), 'www.outofb.example.test.', 'A', DO);
  const found = nsec3s(m);
  t.true(found.some((r) => nsec3Relation(r, 'example.test.') === 'matches'));
  const covering = found.find((r) => nsec3Relation(r, 'outofb.example.test.') === 'covers')!;
  t.is((decodeRdata(RRType.NSEC3, covering.rdata) as NSEC3Rdata).flags & 1, 1);
  const secure = ask(responder(exampleOptOut), 'www.child.example.test.', 'A', DO);
  t.true(types(secure.authorities).includes(RRType.DS));
});

test('an NSEC3 owner name is not a name of the zone (RFC 5155 §7.2.8)', (t) => {
  const m = ask(responder(wildNsec3), `${hashName('mail.wild.test.')}.wild.test.`, 'NSEC3', DO);
  t.is(m.rcode, Rcode.NOERROR, 'covered by the wildcard, as any missing name');
  t.is(
    ask(
      responder(signedFixture('example.test', NSEC3)),
      `${hashName('www.example.test.')}.example.test.`,
      'A',
      DO,
    ).rcode,
    Rcode.NXDOMAIN,
  );
});

test('truncation keeps an RRset and its RRSIG together: TC rather than a partial answer', (t) => {
  const m = ask(responder(wildNsec), 'wild.test.', 'DNSKEY', { edns: 512, dnssecOk: true });
  const fits = m.answers.length === 0 ? 'truncated' : 'whole';
  if (fits === 'truncated') t.true(m.tc);
  else t.deepEqual(types(m.answers).filter((x) => x === RRType.RRSIG).length, 1);
  const tiny = ask(responder(exampleNsec), 'nothere.example.test.', 'A', { edns: 512, dnssecOk: true });
  const sigs = tiny.authorities.filter((r) => r.type === RRType.RRSIG).length;
  const signed = tiny.authorities.filter((r) => r.type !== RRType.RRSIG).length;
  t.true(tiny.tc || sigs === signed, 'every RRset in authority has its RRSIG');
});

test('the packet cache keeps DO and non-DO replies apart', (t) => {
  const r = responder(wildNsec);
  const plain = ask(r, 'mail.wild.test.', 'A', { edns: 1232 });
  const secure = ask(r, 'mail.wild.test.', 'A', DO);
  const plainAgain = ask(r, 'mail.wild.test.', 'A', { edns: 1232 });
  t.is(plain.answers.length, 1);
  t.is(secure.answers.length, 2);
  t.is(plainAgain.answers.length, 1);
  t.true(r.cache!.hits >= 1);
});

test('the NSEC index follows zone changes: a new name is covered by its new NSEC at once', (t) => {
  const fixture = signedFixture('wild.test');
  const r = responder(fixture);
  const before = ask(r, 'zzz.x.level2.wild.test.', 'A', DO);
  t.is(before.rcode, Rcode.NOERROR, 'wildcard');
  // Remove the NSEC of y.x.level2 and check the covering record moves.
  const y = Name.parse('y.x.level2.wild.test.');
  const zone = fixture.zone;
  const nsecBefore = zone.getRRset(y, RRType.NSEC)!;
  zone.deleteRRset(y, RRType.NSEC);
  const after = ask(r, 'nothere.wild.test.', 'A', DO);
  t.true(nsecs(after).length > 0);
  zone.replaceRRset(y, RRType.NSEC, nsecBefore.ttl, nsecBefore.rdatas());
  const m = ask(r, 'y.x.level2.wild.test.', 'A', DO);
  t.true(nsecs(m)[0].name.equals(y));
});
