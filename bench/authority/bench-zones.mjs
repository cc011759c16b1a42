// Synthetic zones and a dnsperf query mix for the answer-engine benchmark.
// Both servers load the same files: zone files for Shoal, the same files via named.conf for PowerDNS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Names per zone of each kind; with 40 hosts a zone has 100 records. */
function zoneText(origin, hosts) {
  const lines = [
    `$ORIGIN ${origin}`,
    '$TTL 3600',
    '@ IN SOA ns1 hostmaster 1 3600 600 604800 300',
    '@ IN NS ns1',
    '@ IN NS ns2',
    '@ IN MX 10 mail',
    '@ IN MX 20 mail2',
    'ns1 IN A 192.0.2.1',
    'ns2 IN A 192.0.2.2',
    'mail IN A 192.0.2.25',
    'mail IN AAAA 2001:db8::25',
    'mail2 IN A 192.0.2.26',
    'mail2 IN AAAA 2001:db8::26',
  ];
  for (let i = 0; i < hosts; i++) {
    lines.push(`host${i} IN A 198.51.${(i >> 8) & 0xff}.${i & 0xff}`);
    if (i % 2 === 0) lines.push(`host${i} IN AAAA 2001:db8::${i.toString(16)}`);
    if (i % 2 === 1) lines.push(`alias${i} IN CNAME host${i - 1}`);
    if (i % 10 === 0) lines.push(`host${i} IN TXT "host ${i}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** A small seeded PRNG, so both servers get the same query file run after run. */
function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The mix: 40% A hits, 10% AAAA hits, 15% NXDOMAIN, 10% NODATA, 15% CNAME
 * followed to an A, 10% MX with additional addresses.
 */
function queryLines(origins, hosts, count) {
  const random = mulberry32(42);
  const pick = (n) => Math.floor(random() * n);
  const lines = [];
  for (let i = 0; i < count; i++) {
    const origin = origins[pick(origins.length)];
    const host = pick(hosts);
    const roll = random();
    if (roll < 0.4) lines.push(`host${host}.${origin} A`);
    else if (roll < 0.5) lines.push(`host${host & ~1}.${origin} AAAA`);
    else if (roll < 0.65) lines.push(`nx${pick(1_000_000)}.${origin} A`);
    else if (roll < 0.75) lines.push(`host${host | 1}.${origin} TXT`);
    else if (roll < 0.9) lines.push(`alias${host | 1}.${origin} A`);
    else lines.push(`${origin} MX`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `zones` zones of `hosts` hosts each under `directory`; returns the paths. */
export function writeBenchZones(directory, { zones, hosts, queries = 50_000 }) {
  const zoneDirectory = join(directory, 'zones');
  mkdirSync(zoneDirectory, { recursive: true });
  const origins = [];
  const named = [];
  for (let z = 0; z < zones; z++) {
    const origin = `zone${String(z).padStart(5, '0')}.bench.`;
    const file = join(zoneDirectory, `${origin.slice(0, -1)}.zone`);
    writeFileSync(file, zoneText(origin, hosts));
    origins.push(origin);
    named.push(`zone "${origin.slice(0, -1)}" { type master; file "${file}"; };`);
  }
  const namedConf = join(directory, 'named.conf');
  writeFileSync(namedConf, `${named.join('\n')}\n`);
  const queryFile = join(directory, 'queries.txt');
  writeFileSync(queryFile, queryLines(origins, hosts, queries));
  return { zoneDirectory, namedConf, queryFile, origins };
}
