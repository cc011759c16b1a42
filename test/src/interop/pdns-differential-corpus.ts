import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Name, parseZoneText, RRType, rrTypeToString } from '@shoal/dns-wire';

/**
 * The query corpus of the PowerDNS differential test, generated from the
 * fixture zones (every owner, empty non-terminal and wildcard, with the
 * types that matter there, names that do not exist, case variations and
 * size variants) plus hand-picked edge cases. It is kept as data in
 * `test/fixtures/zones/differential.queries`; run this module to regenerate.
 */

export const ZONE_DIRECTORY = fileURLToPath(new URL('../../fixtures/zones/', import.meta.url));
export const CORPUS_FILE = `${ZONE_DIRECTORY}differential.queries`;

/** How a query is sent: plain UDP (512), EDNS with a payload size, EDNS with DO, or TCP. */
export const VARIANTS = ['udp', 'edns512', 'edns', 'edns4096', 'do', 'tcp'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface DifferentialQuery {
  qname: string;
  qtype: string;
  variant: Variant;
  qclass: string;
}

export function formatQuery(q: DifferentialQuery): string {
  return `${q.qname} ${q.qtype} ${q.variant}${q.qclass === 'IN' ? '' : ` ${q.qclass}`}`;
}

export function parseQuery(line: string): DifferentialQuery {
  const [qname, qtype, variant, qclass = 'IN'] = line.trim().split(/\s+/);
  if (!VARIANTS.includes(variant as Variant)) throw new Error(`bad variant in corpus line: ${line}`);
  return { qname, qtype, variant: variant as Variant, qclass };
}

export function readCorpus(): DifferentialQuery[] {
  return readFileSync(CORPUS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map(parseQuery);
}

/** Types asked at every name, whatever it holds. */
const ALWAYS = ['A', 'AAAA', 'MX', 'TXT', 'ANY'];
/** Names with an RRset this large are also asked with every size variant, to compare truncation. */
const LARGE_RRSET = 8;

/** Edge cases the zone contents do not suggest by themselves. */
const HAND_PICKED: string[] = [
  // Outside and above every zone.
  'www.example.com. A udp',
  'test. SOA udp',
  '. NS udp',
  'example.invalid. A udp',
  // Classes other than IN.
  'www.example.test. A udp ANY',
  'www.example.test. A udp HS',
  'www.example.test. A udp NONE',
  'www.example.test. A udp CH',
  'version.bind. TXT udp CH',
  'id.server. TXT udp CH',
  // Transfers over UDP.
  'example.test. AXFR udp',
  'example.test. IXFR udp',
  // Deep names below cuts and wildcards.
  'a.b.c.d.sub.example.test. A udp',
  'a.b.c.d.e.f.wild.test. TXT udp',
  'q.w.e.r.t.y.level2.wild.test. A udp',
  // DS on both sides of cuts, and at apexes.
  'child.example.test. DS edns',
  'grandchild.child.example.test. DS udp',
  'x.grandchild.child.example.test. DS udp',
  'sub.example.test. DS do',
  'www.sub.example.test. NS udp',
  'other.test. DS udp',
  // DNAME: an overflowing substitute (RFC 6672 §2.2), mixed case, qtype DNAME below the owner.
  `${'a'.repeat(63)}.${'b'.repeat(60)}.long.dname.test. A udp`,
  `${'a'.repeat(63)}.long.dname.test. A udp`,
  'WwW.InZone.dname.test. A udp',
  'www.redir.dname.test. DNAME udp',
  'back.redir.dname.test. A udp',
  'a.b.inzone.dname.test. A udp',
  // CNAME targets in other zones; qtype CNAME at synthesised CNAMEs.
  'toparentchain.child.example.test. A udp',
  'pingpong.other.test. A udp',
  'toexample.other.test. MX udp',
  'www.redir.dname.test. CNAME udp',
  'x.loop.wild.test. CNAME udp',
  // ANY over TCP, where it is answered in full: at plain names, an apex, a CNAME, a wildcard, a cut.
  'www.example.test. ANY tcp',
  'example.test. ANY tcp',
  'alias.example.test. ANY tcp',
  'x.cname.wild.test. ANY tcp',
  'synth.wild.test. ANY tcp',
  'sub.example.test. ANY tcp',
  'nx.example.test. ANY tcp',
  'www.example.com. ANY udp',
  // Unusual types.
  'www.example.test. PTR udp',
  'ptr.example.test. PTR udp',
  'caa.example.test. CAA udp',
  'www.example.test. NAPTR udp',
  'www.example.test. TYPE65534 udp',
  'example.test. DNSKEY do',
  'example.test. NSEC3PARAM udp',
];

/** Regenerates the corpus from the zone files. Deterministic. */
export function generateCorpus(): string[] {
  const random = mulberry32(0x5eed);
  const lines: string[] = [];
  const add = (qname: string, qtype: string, variant: Variant = 'udp') => {
    const spelled = random() < 0.2 ? randomCase(qname, random) : qname;
    lines.push(`${spelled} ${qtype} ${variant}`);
  };
  for (const file of readdirSync(ZONE_DIRECTORY)
    .filter((f) => f.endsWith('.zone'))
    .sort()) {
    const origin = Name.parse(`${file.slice(0, -'.zone'.length)}.`);
    const records = parseZoneText(readFileSync(`${ZONE_DIRECTORY}${file}`, 'utf8'), {
      origin,
      fileName: file,
    });
    const owners = new Map<string, { name: Name; types: Set<string>; sizes: Map<number, number> }>();
    for (const rr of records) {
      const entry = owners.get(rr.name.key) ?? { name: rr.name, types: new Set<string>(), sizes: new Map() };
      entry.types.add(rrTypeToString(rr.type));
      entry.sizes.set(rr.type, (entry.sizes.get(rr.type) ?? 0) + 1);
      if (rr.type === RRType.NS && !rr.name.equals(origin)) entry.types.add('DS');
      owners.set(rr.name.key, entry);
    }
    for (const { name, types, sizes } of owners.values()) {
      const large = Math.max(...sizes.values()) >= LARGE_RRSET;
      const variants: Variant[] = large ? [...VARIANTS] : ['udp'];
      const asked = new Set([...ALWAYS, ...types]);
      for (const qtype of asked) for (const variant of variants) add(name.toString(), qtype, variant);
      if (name.isWildcard()) {
        const parent = name.parent().toString();
        for (const qtype of ['A', 'AAAA', 'TXT', 'MX', 'CNAME', 'SRV']) add(`synth.${parent}`, qtype);
        add(`a.b.${parent}`, 'A');
      } else {
        for (const variant of variants) add(`nx.${name}`, 'A', variant);
      }
    }
    // Empty non-terminals: ancestors of owners that own nothing themselves.
    const ents = new Set<string>();
    for (const { name } of owners.values()) {
      for (let up = name.parent(); up.labelCount > origin.labelCount; up = up.parent()) {
        if (!owners.has(up.key) && !up.isWildcard()) ents.add(up.toString());
      }
    }
    for (const ent of [...ents].sort()) for (const qtype of ['A', 'TXT', 'NS']) add(ent, qtype);
  }
  return [...lines, ...HAND_PICKED];
}

function randomCase(name: string, random: () => number): string {
  return [...name].map((c) => (random() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** A small seeded PRNG, so the corpus is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const header =
    '# Generated by test/src/interop/pdns-differential-corpus.ts from the zones here: qname qtype variant [class]';
  const lines = generateCorpus();
  writeFileSync(CORPUS_FILE, `${header}\n${lines.join('\n')}\n`);
  console.log(`${lines.length} queries written to ${CORPUS_FILE}`);
}
