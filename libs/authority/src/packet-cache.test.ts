import { readFileSync } from 'node:fs';
import { decodeMessage, Name, RRType, rdataFromText, recordFromText } from '@shoal/dns-wire';
import test from 'ava';
import { Catalog } from './catalog.js';
import { PacketCache } from './packet-cache.js';
import { Responder } from './responder.js';
import { queryBytes } from './test-support/exchange.js';
import { loadFixtureCatalog, loadFixtureZone, ZONE_DIRECTORY } from './test-support/fixtures.js';
import { Zone } from './zone.js';

const reply = (value: number) => ({ response: Uint8Array.of(value), structure: 0, zones: [], revisions: [] });

test('CLOCK keeps referenced entries and evicts the others', (t) => {
  const catalog = new Catalog();
  const cache = new PacketCache({ maxEntries: 2 });
  cache.set('a', reply(1));
  cache.set('b', reply(2));
  t.truthy(cache.get('a', catalog));
  cache.set('c', reply(3));
  t.truthy(cache.get('a', catalog), 'a was referenced');
  t.is(cache.get('b', catalog), undefined, 'b was not');
  t.truthy(cache.get('c', catalog));
  t.is(cache.size, 2);
});

function fixture(): { catalog: Catalog; responder: Responder } {
  const catalog = loadFixtureCatalog(['example.test', 'other.test']);
  return { catalog, responder: new Responder(catalog) };
}

test('a hit carries the query ID and the question as the client spelled it', (t) => {
  const { responder } = fixture();
  responder.respond(queryBytes('www.example.test.', 'A', { id: 1 }), 'udp');
  const hit = decodeMessage(responder.respond(queryBytes('WWW.Example.TEST.', 'A', { id: 2 }), 'udp')!);
  t.is(responder.cache?.hits, 1);
  t.is(hit.id, 2);
  t.is(hit.questions[0].name.toString(), 'WWW.Example.TEST.');
  t.is(hit.answers.length, 1);
});

test('a change to the zone invalidates positive and negative entries at once', (t) => {
  const { catalog, responder } = fixture();
  const query = queryBytes('new.example.test.', 'A');
  t.is(decodeMessage(responder.respond(query, 'udp')!).answers.length, 0);
  t.is(decodeMessage(responder.respond(query, 'udp')!).answers.length, 0);
  t.is(responder.cache?.hits, 1, 'the NXDOMAIN was cached');
  catalog.get(Name.parse('example.test.'))!.addRecord(recordFromText('new.example.test. 60 A 192.0.2.99'));
  t.is(decodeMessage(responder.respond(query, 'udp')!).answers.length, 1);
  catalog
    .get(Name.parse('example.test.'))!
    .replaceRRset(Name.parse('new.example.test.'), RRType.A, 60, [rdataFromText(RRType.A, '192.0.2.100')]);
  const changed = decodeMessage(responder.respond(query, 'udp')!);
  t.deepEqual(changed.answers[0].rdata, rdataFromText(RRType.A, '192.0.2.100'));
});

test('a change to another zone on the chain invalidates the entry', (t) => {
  const { catalog, responder } = fixture();
  const query = queryBytes('toother.example.test.', 'A');
  t.is(decodeMessage(responder.respond(query, 'udp')!).answers.length, 2);
  catalog.get(Name.parse('other.test.'))!.deleteRRset(Name.parse('www.other.test.'), RRType.A);
  t.is(decodeMessage(responder.respond(query, 'udp')!).answers.length, 1);
});

test('a zone added below the cached answer takes over at once', (t) => {
  const { catalog, responder } = fixture();
  const query = queryBytes('www.child.example.test.', 'A');
  t.is(decodeMessage(responder.respond(query, 'udp')!).authorities.length, 2, 'a referral');
  catalog.set(loadFixtureZone('child.example.test'));
  const answer = decodeMessage(responder.respond(query, 'udp')!);
  t.true(answer.aa);
  t.is(answer.answers.length, 1);
});

test('REFUSED is cached until a zone is added', (t) => {
  const catalog = new Catalog();
  const responder = new Responder(catalog);
  const query = queryBytes('example.test.', 'SOA');
  responder.respond(query, 'udp');
  t.is(decodeMessage(responder.respond(query, 'udp')!).rcode, 5);
  const zone = new Zone(Name.parse('example.test.'));
  zone.addRecord(recordFromText('example.test. 60 SOA ns.example.test. hostmaster.example.test. 1 2 3 4 5'));
  catalog.set(zone);
  t.is(decodeMessage(responder.respond(query, 'udp')!).rcode, 0);
});

test('the key separates what changes the reply: size, EDNS, DO, transport', (t) => {
  const { responder } = fixture();
  const variants = [
    queryBytes('www.example.test.', 'A'),
    queryBytes('www.example.test.', 'A', { edns: 1232 }),
    queryBytes('www.example.test.', 'A', { edns: 1232, dnssecOk: true }),
    queryBytes('www.example.test.', 'A', { edns: 512 }),
    queryBytes('www.example.test.', 'A', { rd: true }),
  ];
  for (const query of variants) responder.respond(query, 'udp');
  responder.respond(variants[0], 'tcp');
  t.is(responder.cache?.hits, 0);
  t.is(responder.cache?.size, 6);
  // Offers above our cap give the same reply as the cap itself.
  const edns4096 = decodeMessage(
    responder.respond(queryBytes('www.example.test.', 'A', { edns: 4096 }), 'udp')!,
  );
  t.is(edns4096.edns?.udpPayloadSize, 1232);
  t.is(responder.cache?.hits, 1);
});

test('a hit is the fresh reply with the new ID, for every query of the differential corpus', (t) => {
  const catalog = loadFixtureCatalog();
  // Each line is primed and hit on its own, in its own spelling (see the next test).
  const cached = new Responder(catalog, { packetCache: { maxEntries: 1 } });
  const fresh = new Responder(catalog, { packetCache: false });
  const corpus = readFileSync(`${ZONE_DIRECTORY}differential.queries`, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of corpus) {
    const [qname, qtype, variant] = line.split(' ');
    if (line.split(' ').length > 3) continue;
    const edns =
      variant === 'edns512'
        ? 512
        : variant === 'edns4096'
          ? 4096
          : variant.startsWith('edns')
            ? 1232
            : undefined;
    const options = { edns: variant === 'do' ? 1232 : edns, dnssecOk: variant === 'do' };
    const transport = variant === 'tcp' ? 'tcp' : 'udp';
    cached.cache?.clear();
    cached.respond(queryBytes(qname, qtype, { ...options, id: 1 }), transport);
    const hit = cached.respond(queryBytes(qname, qtype, { ...options, id: 2 }), transport)!;
    const expected = fresh.respond(queryBytes(qname, qtype, { ...options, id: 2 }), transport)!;
    // Hits come from Node's buffer pool, misses from the writer: compare the octets.
    t.deepEqual(Uint8Array.from(hit), Uint8Array.from(expected), line);
  }
  t.true((cached.cache?.hits ?? 0) >= corpus.length / 2);
});

test('a hit for another spelling of the name has the same records', (t) => {
  const { responder } = fixture();
  responder.respond(queryBytes('www.example.test.', 'MX'), 'udp');
  const hit = decodeMessage(responder.respond(queryBytes('WWW.example.TEST.', 'MX'), 'udp')!);
  t.is(responder.cache?.hits, 1);
  t.is(hit.questions[0].name.toString(), 'WWW.example.TEST.');
  // Names compressed against the question read in its new spelling: equal under RFC 4343.
  t.true(hit.authorities[0].name.equals(Name.parse('example.test.')));
});
