import { Responder } from './responder.js';
import { answerTable } from './test-support/answer-table.js';
import { loadFixtureCatalog } from './test-support/fixtures.js';

const responder = new Responder(loadFixtureCatalog(), { packetCache: false });
const SOA = 'dname.test. 120 IN SOA ns1.dname.test. hostmaster.dname.test. 3 3600 600 604800 120';
const INZONE = 'inzone.dname.test. 600 IN DNAME target.dname.test.';
const LONG_LABEL = 'a'.repeat(63);

answerTable('dname', () => responder, [
  {
    qname: 'www.inzone.dname.test.',
    qtype: 'A',
    note: 'synthesised CNAME with the DNAME TTL (RFC 6672 §3.1)',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      INZONE,
      'www.inzone.dname.test. 600 IN CNAME www.target.dname.test.',
      'www.target.dname.test. 600 IN A 192.0.2.151',
    ],
  },
  {
    qname: 'nx.inzone.dname.test.',
    qtype: 'A',
    rcode: 'NXDOMAIN',
    flags: ['aa'],
    answer: [INZONE, 'nx.inzone.dname.test. 600 IN CNAME nx.target.dname.test.'],
    authority: [SOA],
  },
  {
    qname: 'inzone.dname.test.',
    qtype: 'DNAME',
    note: 'the owner itself is not redirected',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [INZONE],
  },
  {
    qname: 'redir.dname.test.',
    qtype: 'A',
    note: 'other data at the DNAME owner',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: ['redir.dname.test. 600 IN A 192.0.2.150'],
  },
  {
    qname: 'www.redir.dname.test.',
    qtype: 'A',
    note: 'into another zone served here',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'redir.dname.test. 300 IN DNAME other.test.',
      'www.redir.dname.test. 300 IN CNAME www.other.test.',
      'www.other.test. 7200 IN A 198.51.100.80',
    ],
  },
  {
    qname: 'www.redir.dname.test.',
    qtype: 'CNAME',
    note: 'the synthesised CNAME is the answer',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'redir.dname.test. 300 IN DNAME other.test.',
      'www.redir.dname.test. 300 IN CNAME www.other.test.',
    ],
  },
  {
    qname: 'x.out.dname.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'out.dname.test. 600 IN DNAME example.invalid.',
      'x.out.dname.test. 600 IN CNAME x.example.invalid.',
    ],
  },
  {
    qname: 'www.dn1.dname.test.',
    qtype: 'A',
    note: 'a DNAME chain',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'dn1.dname.test. 600 IN DNAME dn2.dname.test.',
      'www.dn1.dname.test. 600 IN CNAME www.dn2.dname.test.',
      'dn2.dname.test. 600 IN DNAME target.dname.test.',
      'www.dn2.dname.test. 600 IN CNAME www.target.dname.test.',
      'www.target.dname.test. 600 IN A 192.0.2.151',
    ],
  },
  {
    qname: 'cnametodname.dname.test.',
    qtype: 'A',
    rcode: 'NOERROR',
    flags: ['aa'],
    answer: [
      'cnametodname.dname.test. 600 IN CNAME www.inzone.dname.test.',
      INZONE,
      'www.inzone.dname.test. 600 IN CNAME www.target.dname.test.',
      'www.target.dname.test. 600 IN A 192.0.2.151',
    ],
  },
  { qname: 'a.toself.dname.test.', qtype: 'A', note: 'endless expansion', rcode: 'SERVFAIL', flags: ['aa'] },
  {
    qname: `${LONG_LABEL}.${'b'.repeat(60)}.long.dname.test.`,
    qtype: 'A',
    note: 'the substitute would exceed 255 octets (RFC 6672 §2.2)',
    rcode: 'YXDOMAIN',
    flags: ['aa'],
    answer: [`long.dname.test. 600 IN DNAME ${LONG_LABEL}.${'b'.repeat(63)}.${'c'.repeat(61)}.example.`],
  },
]);
