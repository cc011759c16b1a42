import { Responder } from './responder.js';
import { answerTable } from './test-support/answer-table.js';
import { loadFixtureCatalog } from './test-support/fixtures.js';

const responder = new Responder(loadFixtureCatalog(), { packetCache: false });
const SOA =
  'example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300';
const SUB_NS = [
  'sub.example.test. 3600 IN NS ns.outside.invalid.',
  'sub.example.test. 3600 IN NS ns1.sub.example.test.',
  'sub.example.test. 3600 IN NS ns2.sub.example.test.',
];
const SUB_GLUE = [
  'ns1.sub.example.test. 3600 IN A 192.0.2.101',
  'ns2.sub.example.test. 3600 IN A 192.0.2.102',
  'ns2.sub.example.test. 3600 IN AAAA 2001:db8::102',
];
const referral = { rcode: 'NOERROR', authority: SUB_NS, additional: SUB_GLUE };

answerTable('delegation', () => responder, [
  { qname: 'x.sub.example.test.', qtype: 'A', note: 'below the cut', ...referral },
  { qname: 'sub.example.test.', qtype: 'A', note: 'at the cut', ...referral },
  { qname: 'sub.example.test.', qtype: 'NS', note: 'NS at the cut is a referral, not AA', ...referral },
  { qname: 'sub.example.test.', qtype: 'ANY', options: { transport: 'tcp' }, ...referral },
  {
    qname: 'sub.example.test.',
    qtype: 'ANY',
    note: 'over UDP: retry over TCP',
    rcode: 'NOERROR',
    flags: ['tc'],
  },
  { qname: 'ns1.sub.example.test.', qtype: 'A', note: 'glue is not authoritative data', ...referral },
  { qname: 'x.sub.example.test.', qtype: 'DS', note: 'DS below the cut belongs to the child', ...referral },
  {
    qname: 'sub.example.test.',
    qtype: 'DS',
    note: 'DS at the cut is answered by the parent (RFC 4035 §3.1.4.1)',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'sub.example.test. 3600 IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF',
    ],
  },
  {
    qname: 'sibling.example.test.',
    qtype: 'DS',
    note: 'no DS at the cut: NODATA from the parent',
    rcode: 'NOERROR',
    flags: ['aa'],
    authority: [SOA],
  },
  {
    qname: 'child.example.test.',
    qtype: 'DS',
    note: 'the parent served here answers DS for the child apex',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'child.example.test. 3600 IN DS 54321 13 2 FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA98 76543210',
    ],
  },
  {
    qname: 'example.test.',
    qtype: 'DS',
    note: 'no parent served here: the zone itself answers',
    rcode: 'NOERROR',
    flags: ['aa'],
    authority: [SOA],
  },
  {
    qname: 'www.sibling.example.test.',
    qtype: 'A',
    note: 'sibling glue under another cut and an authoritative in-zone address',
    rcode: 'NOERROR',
    authority: [
      'sibling.example.test. 3600 IN NS ns.sibling.example.test.',
      'sibling.example.test. 3600 IN NS ns1.example.test.',
      'sibling.example.test. 3600 IN NS ns1.sub.example.test.',
    ],
    additional: [
      'ns.sibling.example.test. 3600 IN A 192.0.2.103',
      'ns1.example.test. 3600 IN A 192.0.2.53',
      'ns1.example.test. 3600 IN AAAA 2001:db8::53',
      'ns1.sub.example.test. 3600 IN A 192.0.2.101',
    ],
  },
  {
    qname: 'outofb.example.test.',
    qtype: 'A',
    note: 'servers out of bailiwick, one in a zone served here: no glue',
    rcode: 'NOERROR',
    authority: [
      'outofb.example.test. 3600 IN NS ns.outside.invalid.',
      'outofb.example.test. 3600 IN NS ns2.other.test.',
    ],
  },
  {
    qname: 'x.grandchild.child.example.test.',
    qtype: 'A',
    note: 'a delegation inside the child zone',
    rcode: 'NOERROR',
    authority: [
      'grandchild.child.example.test. 1800 IN NS ns.grandchild.child.example.test.',
      'grandchild.child.example.test. 1800 IN NS ns1.example.test.',
    ],
    additional: ['ns.grandchild.child.example.test. 1800 IN A 192.0.2.112'],
  },
]);
