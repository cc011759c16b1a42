import { Name, RRClass, RRType } from '@shoal/dns-wire';
import test from 'ava';
import { lookup } from './lookup.js';
import { Responder } from './responder.js';
import { answerTable } from './test-support/answer-table.js';
import { loadFixtureCatalog } from './test-support/fixtures.js';

const catalog = loadFixtureCatalog();
const responder = new Responder(catalog, { packetCache: false });
const ask = () => responder;

// RFC 2308 §5: the SOA TTL in negative answers is min(SOA TTL, MINIMUM).
const EXAMPLE_SOA =
  'example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300';
const OTHER_SOA = 'other.test. 900 IN SOA ns2.other.test. hostmaster.other.test. 2024 3600 900 604800 86400';
const CHILD_SOA =
  'child.example.test. 600 IN SOA ns1.child.example.test. hostmaster.child.example.test. 7 3600 600 604800 600';
const WWW_A = 'www.example.test. 3600 IN A 192.0.2.80';

answerTable('positive', ask, [
  { qname: 'www.example.test.', qtype: 'A', rcode: 'NOERROR', flags: ['aa'], answer: [WWW_A] },
  {
    qname: 'example.test.',
    qtype: 'SOA',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'example.test. 3600 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300',
    ],
  },
  {
    qname: 'example.test.',
    qtype: 'NS',
    note: 'in-zone targets get addresses, the out-of-zone one does not',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'example.test. 3600 IN NS ns.outside.invalid.',
      'example.test. 3600 IN NS ns1.example.test.',
      'example.test. 3600 IN NS ns2.example.test.',
    ],
    additional: [
      'ns1.example.test. 3600 IN A 192.0.2.53',
      'ns1.example.test. 3600 IN AAAA 2001:db8::53',
      'ns2.example.test. 3600 IN A 192.0.2.54',
    ],
  },
  {
    qname: 'example.test.',
    qtype: 'MX',
    note: 'a target in another zone served here gets no addresses',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'example.test. 3600 IN MX 10 mail.example.test.',
      'example.test. 3600 IN MX 20 mail2.other.test.',
      'example.test. 3600 IN MX 30 mx.outside.invalid.',
    ],
    additional: ['mail.example.test. 600 IN A 192.0.2.25', 'mail.example.test. 600 IN AAAA 2001:db8::25'],
  },
  {
    qname: '_sip._udp.example.test.',
    qtype: 'SRV',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      '_sip._udp.example.test. 3600 IN SRV 10 60 5060 sip.example.test.',
      '_sip._udp.example.test. 3600 IN SRV 20 60 5060 sip.outside.invalid.',
    ],
    additional: ['sip.example.test. 3600 IN A 192.0.2.60'],
  },
  {
    qname: 'www.example.test.',
    qtype: 'ANY',
    options: { transport: 'tcp' },
    note: 'every RRset over TCP, no RFC 8482 minimisation',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      WWW_A,
      'www.example.test. 3600 IN AAAA 2001:db8::80',
      'www.example.test. 3600 IN TXT "web server"',
    ],
  },
  {
    qname: 'www.example.test.',
    qtype: 'ANY',
    note: 'over UDP, TC sends the client to TCP',
    rcode: 'NOERROR',
    flags: ['aa', 'tc'],
  },
  {
    qname: 'www.child.example.test.',
    qtype: 'A',
    note: 'the child zone answers, not the parent delegation',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['www.child.example.test. 1800 IN A 192.0.2.111'],
  },
  {
    qname: 'child.example.test.',
    qtype: 'NS',
    note: 'the child apex NS is authoritative data',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'child.example.test. 1800 IN NS ns1.child.example.test.',
      'child.example.test. 1800 IN NS ns1.example.test.',
    ],
    additional: ['ns1.child.example.test. 1800 IN A 192.0.2.110'],
  },
]);

answerTable('negative', ask, [
  { qname: 'nope.example.test.', qtype: 'A', rcode: 'NXDOMAIN', flags: ['aa'], authority: [EXAMPLE_SOA] },
  { qname: 'www.example.test.', qtype: 'MX', rcode: 'NOERROR', flags: ['aa'], authority: [EXAMPLE_SOA] },
  {
    qname: 'ent.example.test.',
    qtype: 'A',
    note: 'an empty non-terminal is NODATA (RFC 8020)',
    rcode: 'NOERROR',
    flags: ['aa'],
    authority: [EXAMPLE_SOA],
  },
  { qname: 'b.c.ent.example.test.', qtype: 'TXT', rcode: 'NOERROR', flags: ['aa'], authority: [EXAMPLE_SOA] },
  {
    qname: 'x.b.c.ent.example.test.',
    qtype: 'A',
    rcode: 'NXDOMAIN',
    flags: ['aa'],
    authority: [EXAMPLE_SOA],
  },
  {
    qname: 'www.example.test.',
    qtype: 'SOA',
    note: 'SOA below the apex is NODATA',
    rcode: 'NOERROR',
    flags: ['aa'],
    authority: [EXAMPLE_SOA],
  },
  {
    qname: 'nothing.other.test.',
    qtype: 'A',
    note: 'MINIMUM above the SOA TTL: the SOA TTL wins',
    rcode: 'NXDOMAIN',
    flags: ['aa'],
    authority: [OTHER_SOA],
  },
  { qname: 'www.nowhere.example.', qtype: 'A', note: 'outside every zone', rcode: 'REFUSED' },
  { qname: 'test.', qtype: 'SOA', note: 'above every zone', rcode: 'REFUSED' },
]);

answerTable('cname', ask, [
  {
    qname: 'alias.example.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['alias.example.test. 3600 IN CNAME www.example.test.', WWW_A],
  },
  {
    qname: 'alias.example.test.',
    qtype: 'CNAME',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['alias.example.test. 3600 IN CNAME www.example.test.'],
  },
  {
    qname: 'alias.example.test.',
    qtype: 'ANY',
    options: { transport: 'tcp' },
    note: 'ANY matches the CNAME itself, which is not followed',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['alias.example.test. 3600 IN CNAME www.example.test.'],
  },
  {
    qname: 'chain1.example.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'chain1.example.test. 3600 IN CNAME chain2.example.test.',
      'chain2.example.test. 120 IN CNAME chain3.example.test.',
      'chain3.example.test. 3600 IN CNAME www.example.test.',
      WWW_A,
    ],
  },
  {
    qname: 'outside.example.test.',
    qtype: 'A',
    note: 'out-of-zone target left to the resolver',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['outside.example.test. 3600 IN CNAME www.outside.invalid.'],
  },
  {
    qname: 'toother.example.test.',
    qtype: 'A',
    note: 'followed into another zone served here',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'toother.example.test. 3600 IN CNAME www.other.test.',
      'www.other.test. 7200 IN A 198.51.100.80',
    ],
  },
  {
    qname: 'toothernx.example.test.',
    qtype: 'A',
    note: 'the rcode and SOA are those of the last name (RFC 6604)',
    rcode: 'NXDOMAIN',
    flags: ['aa'],
    answer: ['toothernx.example.test. 3600 IN CNAME nothing.other.test.'],
    authority: [OTHER_SOA],
  },
  {
    qname: 'tochild.example.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'tochild.example.test. 3600 IN CNAME www.child.example.test.',
      'www.child.example.test. 1800 IN A 192.0.2.111',
    ],
  },
  {
    qname: 'tochild.example.test.',
    qtype: 'MX',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['tochild.example.test. 3600 IN CNAME www.child.example.test.'],
    authority: [CHILD_SOA],
  },
  {
    qname: 'tonx.example.test.',
    qtype: 'A',
    rcode: 'NXDOMAIN',
    flags: ['aa'],
    answer: ['tonx.example.test. 3600 IN CNAME nothere.example.test.'],
    authority: [EXAMPLE_SOA],
  },
  {
    qname: 'toent.example.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['toent.example.test. 3600 IN CNAME c.ent.example.test.'],
    authority: [EXAMPLE_SOA],
  },
  {
    qname: 'todeleg.example.test.',
    qtype: 'A',
    note: 'a CNAME into a delegation ends in a referral, AA for the CNAME',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['todeleg.example.test. 3600 IN CNAME host.sub.example.test.'],
    authority: [
      'sub.example.test. 3600 IN NS ns.outside.invalid.',
      'sub.example.test. 3600 IN NS ns1.sub.example.test.',
      'sub.example.test. 3600 IN NS ns2.sub.example.test.',
    ],
    additional: [
      'ns1.sub.example.test. 3600 IN A 192.0.2.101',
      'ns2.sub.example.test. 3600 IN A 192.0.2.102',
      'ns2.sub.example.test. 3600 IN AAAA 2001:db8::102',
    ],
  },
  {
    qname: 'tomx.example.test.',
    qtype: 'MX',
    note: 'additional processing for the RRset at the end of the chain',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'tomx.example.test. 3600 IN CNAME example.test.',
      'example.test. 3600 IN MX 10 mail.example.test.',
      'example.test. 3600 IN MX 20 mail2.other.test.',
      'example.test. 3600 IN MX 30 mx.outside.invalid.',
    ],
    additional: ['mail.example.test. 600 IN A 192.0.2.25', 'mail.example.test. 600 IN AAAA 2001:db8::25'],
  },
  {
    qname: 'back.other.test.',
    qtype: 'A',
    note: 'a chain crossing zones twice',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'back.other.test. 7200 IN CNAME chain1.example.test.',
      'chain1.example.test. 3600 IN CNAME chain2.example.test.',
      'chain2.example.test. 120 IN CNAME chain3.example.test.',
      'chain3.example.test. 3600 IN CNAME www.example.test.',
      WWW_A,
    ],
  },
  { qname: 'loop1.example.test.', qtype: 'A', note: 'a loop', rcode: 'SERVFAIL', flags: ['aa'] },
  { qname: 'self.example.test.', qtype: 'A', note: 'a CNAME to itself', rcode: 'SERVFAIL', flags: ['aa'] },
  {
    qname: 'c04.example.test.',
    qtype: 'A',
    note: 'eleven links: too long',
    rcode: 'SERVFAIL',
    flags: ['aa'],
  },
  {
    qname: 'c05.example.test.',
    qtype: 'A',
    note: 'ten links: the longest chain followed',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      ...[5, 6, 7, 8, 9, 10, 11, 12, 13].map(
        (n) =>
          `c${String(n).padStart(2, '0')}.example.test. 3600 IN CNAME c${String(n + 1).padStart(2, '0')}.example.test.`,
      ),
      'c14.example.test. 3600 IN CNAME www.example.test.',
      WWW_A,
    ],
  },
]);

// Owners keep the spelling of the zone data; name compression matches case
// exactly, so that spelling reaches the client intact.
answerTable('case', ask, [
  {
    qname: 'WWW.EXAMPLE.TEST.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [WWW_A],
  },
  {
    qname: 'Alias2.Example.Test.',
    qtype: 'A',
    note: 'the CNAME target as written in the zone, the next owner as its node',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['Alias2.example.test. 300 IN CNAME WWW.Example.Test.', WWW_A],
  },
  {
    qname: 'ns1.case.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['NS1.CaSe.TeSt. 3600 IN A 192.0.2.53'],
  },
  {
    qname: 'FOO.WILD.CASE.TEST.',
    qtype: 'A',
    note: 'a wildcard answer copies the query name',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['FOO.WILD.CASE.TEST. 3600 IN A 192.0.2.72'],
  },
]);

const question = (name: string, type: number) => ({ name: Name.parse(name), type, class: RRClass.IN });

test('an exact match keeps the owner spelling of the zone data', (t) => {
  const outcome = lookup(catalog, question('mixedcase.EXAMPLE.test.', RRType.A));
  if (outcome.kind !== 'answer') return t.fail(outcome.kind);
  t.is(outcome.answer[0].owner.toString(), 'MixedCase.example.test.');
});

test('a wildcard answer and a synthesised CNAME take the query name as spelled', (t) => {
  const wild = lookup(catalog, question('FoO.MixedWild.Wild.Test.', RRType.A));
  if (wild.kind !== 'answer') return t.fail(wild.kind);
  t.is(wild.answer[0].owner.toString(), 'FoO.MixedWild.Wild.Test.');
  const dname = lookup(catalog, question('WwW.InZone.dname.test.', RRType.A));
  if (dname.kind !== 'answer') return t.fail(dname.kind);
  t.deepEqual(
    dname.chain.map((placed) => placed.owner.toString()),
    ['inzone.dname.test.', 'WwW.InZone.dname.test.'],
  );
});
