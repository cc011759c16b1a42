import { readdirSync, readFileSync } from 'node:fs';
import { Catalog, Responder, Zone } from '@shoal/authority';
import { Name, parseZoneText } from '@shoal/dns-wire';
import { startDnsFrontend } from '@shoal/node/frontend';
import test from 'ava';
import { allowedDifferences } from './pdns-differential-allowlist.js';
import {
  type DifferentialQuery,
  formatQuery,
  generateCorpus,
  readCorpus,
  ZONE_DIRECTORY,
} from './pdns-differential-corpus.js';
import { differingFields, exchange, type Field, type ReplySummary } from './pdns-differential-exchange.js';
import { PdnsServer } from './pdns-differential-server.js';

/**
 * Our engine, served by our front end, against PowerDNS 4.7 on the same
 * zones and the same queries, compared section by section. Every difference
 * must be allowed, with its reason, in pdns-differential-allowlist.ts; an
 * allowed difference that no longer occurs fails the test too.
 */

const origins = readdirSync(ZONE_DIRECTORY)
  .filter((file) => file.endsWith('.zone'))
  .map((file) => file.slice(0, -'.zone'.length))
  .sort();

function loadCatalog(): Catalog {
  const catalog = new Catalog();
  for (const origin of origins) {
    const name = Name.parse(`${origin}.`);
    const zone = new Zone(name);
    const text = readFileSync(`${ZONE_DIRECTORY}${origin}.zone`, 'utf8');
    for (const rr of parseZoneText(text, { origin: name, fileName: `${origin}.zone` })) zone.addRecord(rr);
    catalog.set(zone);
  }
  return catalog;
}

interface Difference {
  query: string;
  fields: Field[];
  ours: ReplySummary | undefined;
  theirs: ReplySummary | undefined;
}

async function compareAll(corpus: readonly DifferentialQuery[], ourPort: number, theirPort: number) {
  const differences: Difference[] = [];
  let id = 1;
  for (const q of corpus) {
    const [ours, theirs] = await Promise.all([exchange(q, ourPort, id), exchange(q, theirPort, id)]);
    id = (id + 1) & 0xffff;
    const fields = differingFields(ours, theirs);
    if (fields.length > 0) differences.push({ query: formatQuery(q), fields, ours, theirs });
  }
  return differences;
}

test('the corpus file is what the generator makes of the zones', (t) => {
  t.deepEqual(readCorpus().map(formatQuery), generateCorpus());
});

test('PowerDNS and Shoal answer the corpus alike, except where allowed', async (t) => {
  const corpus = readCorpus();
  t.true(corpus.length >= 400, `only ${corpus.length} queries`);
  const pdns = await PdnsServer.start(ZONE_DIRECTORY.replace(/\/$/, ''), origins);
  const frontend = await startDnsFrontend({
    port: 0,
    responder: new Responder(loadCatalog(), { packetCache: false }),
  });
  try {
    const differences = await compareAll(corpus, frontend.udpPort!, pdns.port);
    const allowed = new Map<string, { fields: readonly Field[]; reason: string }>();
    for (const entry of allowedDifferences) {
      for (const query of entry.queries) {
        if (allowed.has(query.toLowerCase())) t.fail(`allowed twice: ${query}`);
        allowed.set(query.toLowerCase(), entry);
      }
    }
    const unexpected = differences.filter((d) => {
      const entry = allowed.get(d.query.toLowerCase());
      return entry === undefined || d.fields.some((field) => !entry.fields.includes(field));
    });
    const differing = new Set(differences.map((d) => d.query.toLowerCase()));
    const stale = [...allowed.keys()].filter((query) => !differing.has(query));
    t.log(
      `${corpus.length} queries compared; ${corpus.length - differences.length} identical; ` +
        `${differences.length - unexpected.length} differences allowed in ${allowedDifferences.length} groups`,
    );
    t.deepEqual(unexpected, [], 'differences not in the allowlist');
    t.deepEqual(stale, [], 'allowed differences that no longer occur');
  } finally {
    await frontend.close();
    await pdns.stop();
  }
});
