/**
 * Pre-signed zones side by side with PowerDNS: every fixture zone signed by dnssec-signzone
 * (NSEC, then NSEC3), served by our engine and by PowerDNS 4.7 (bind backend, zones marked
 * PRESIGNED), asked every name and type of the differential corpus with DO=1, and compared
 * section by section (names without case). Every difference must be allowed below, with its
 * reason, and every allowance must still be needed.
 */

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, Responder, Zone } from '@shoal/authority';
import { Name, parseZoneText } from '@shoal/dns-wire';
import test from 'ava';
import { freePort, ManagedProcess, tempDir, udpExchange, waitFor } from '../harness/index.js';
import { bindKeygen, bindSign, serveResponder } from './dnssec-tools.js';
import {
  type DifferentialQuery,
  formatQuery,
  readCorpus,
  ZONE_DIRECTORY,
} from './pdns-differential-corpus.js';
import {
  buildDifferentialQuery,
  differingFields,
  exchange,
  type Field,
} from './pdns-differential-exchange.js';

const PATH = `${process.env.PATH}:/usr/sbin:/sbin`;

interface Allowed {
  queries: string[];
  fields: Field[];
  /** Only with this chain; both when absent. */
  chain?: 'nsec' | 'nsec3';
  reason: string;
}

/**
 * The differences left, each already allowed (for the same reason) in the unsigned comparison
 * (pdns-differential-allowlist.ts), except the last two, which are about DNSSEC itself.
 */
const ALLOWED: Allowed[] = [
  {
    reason: 'Additional data that does not fit is left out without TC (RFC 2181 §9); PowerDNS truncates.',
    fields: ['tc', 'answer', 'additional'],
    queries: ['big.test. NS do', 'mx.big.test. MX do'],
  },
  {
    reason: 'Addresses of servers outside the cut are not in-domain glue: left out without TC (RFC 9471 §3).',
    fields: ['tc', 'authority', 'additional'],
    queries: [
      'farglue.big.test. A do',
      'farglue.big.test. AAAA do',
      'farglue.big.test. MX do',
      'farglue.big.test. TXT do',
      'farglue.big.test. NS do',
      'nx.farglue.big.test. A do',
    ],
  },
  {
    reason:
      'A CNAME query answered by a wildcard or DNAME-synthesised CNAME ends there (RFC 1034 §4.3.2, RFC 6672 ' +
      '§3.1), with the wildcard proof of RFC 4035 §3.1.3.3; PowerDNS follows the CNAME and adds the ' +
      "target's negative proof, or loops to SERVFAIL.",
    fields: ['rcode', 'answer', 'authority'],
    queries: [
      'synth.cname.wild.test. CNAME do',
      'synth.cname3.wild.test. CNAME do',
      'synth.loop.wild.test. CNAME do',
      'synth.chain.wild.test. CNAME do',
      'x.loop.wild.test. CNAME do',
      'www.redir.dname.test. CNAME do',
    ],
  },
  {
    reason: 'IXFR and AXFR over UDP are refused without AA (RFC 5936 §4.2); PowerDNS answers or sets AA.',
    fields: ['rcode', 'aa', 'authority'],
    queries: ['example.test. AXFR do', 'example.test. IXFR do'],
  },
  {
    reason:
      'Names are compressed only against the same spelling (case is preserved, see the README): asked as ' +
      'c08.exAMple.Test, the signed CNAME chain with its NODATA proof takes 1,244 octets, 12 more than 1,232, ' +
      'so the reply is TC and the client asks again over TCP. PowerDNS compresses regardless of case.',
    fields: ['tc', 'answer', 'authority'],
    chain: 'nsec',
    queries: ['c08.example.test. MX do'],
  },
  {
    reason:
      'A pre-signed zone is served as it was signed: dnssec-signzone gives NSEC3PARAM a TTL of 0 (and signs it ' +
      'so); PowerDNS answers from its NSEC3PARAM metadata with the SOA minimum as TTL, above the original TTL ' +
      'in the RRSIG.',
    fields: ['answer'],
    chain: 'nsec3',
    queries: ['example.test. NSEC3PARAM do'],
  },
];
const origins = readdirSync(ZONE_DIRECTORY)
  .filter((file) => file.endsWith('.zone'))
  .map((file) => file.slice(0, -'.zone'.length))
  .sort();

/** Each name and type of the corpus once, asked with DO over UDP. */
function queries(): DifferentialQuery[] {
  const seen = new Set<string>();
  const out: DifferentialQuery[] = [];
  for (const q of readCorpus()) {
    if (q.qclass !== 'IN' || q.qtype === 'ANY') continue;
    const key = `${q.qname.toLowerCase()} ${q.qtype}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...q, variant: 'do' });
  }
  return out;
}

async function startPdns(
  directory: string,
  zoneDir: string,
  nsec3: boolean,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const named = join(directory, 'named.conf');
  writeFileSync(
    named,
    origins.map((o) => `zone "${o}" { type master; file "${join(zoneDir, `${o}.zone`)}"; };`).join('\n') +
      '\n',
  );
  const db = join(directory, 'bind-dnssec.db');
  writeFileSync(
    join(directory, 'pdns.conf'),
    `launch=bind\nbind-config=${named}\nbind-dnssec-db=${db}\ndname-processing=yes\n`,
  );
  const util = (args: string[]) =>
    execFileSync('pdnsutil', [`--config-dir=${directory}`, ...args], {
      env: { ...process.env, PATH },
      stdio: 'pipe',
    });
  util(['create-bind-db', db]);
  for (const origin of origins) {
    util(['set-presigned', origin]);
    if (nsec3) util(['set-nsec3', origin, '1 0 0 -']);
  }
  const port = await freePort();
  const child = new ManagedProcess('pdns_server', '/usr/sbin/pdns_server', [
    `--config-dir=${directory}`,
    '--daemon=no',
    '--guardian=no',
    '--disable-syslog',
    '--write-pid=no',
    `--socket-dir=${directory}`,
    '--local-address=127.0.0.1',
    `--local-port=${port}`,
    '--security-poll-suffix=',
    '--cache-ttl=0',
    '--query-cache-ttl=0',
    '--negquery-cache-ttl=0',
  ]);
  const probe = buildDifferentialQuery(
    { qname: `${origins[0]}.`, qtype: 'SOA', variant: 'udp', qclass: 'IN' },
    1,
  );
  await waitFor('pdns_server to answer', async () => {
    if (!child.running) throw new Error(`pdns_server exited:\n${child.log}`);
    return udpExchange(probe, port, '127.0.0.1', 200);
  });
  return { port, stop: () => child.stop() };
}

for (const nsec3 of [false, true]) {
  test.serial(`${nsec3 ? 'NSEC3' : 'NSEC'}: pre-signed fixture zones, DO=1, against PowerDNS`, async (t) => {
    const directory = tempDir('dnssec-diff');
    try {
      const zoneDir = join(directory, 'zones');
      mkdirSync(zoneDir);
      const catalog = new Catalog();
      for (const origin of origins) {
        const keys = join(directory, `keys-${origin}`);
        mkdirSync(keys);
        const source = join(keys, `${origin}.zone`);
        copyFileSync(join(ZONE_DIRECTORY, `${origin}.zone`), source);
        bindKeygen(keys, `${origin}.`);
        const signed = bindSign(keys, source, `${origin}.`, { nsec3 });
        writeFileSync(join(zoneDir, `${origin}.zone`), signed);
        const name = Name.parse(`${origin}.`);
        const zone = new Zone(name);
        for (const rr of parseZoneText(signed, { origin: name })) zone.addRecord(rr);
        catalog.set(zone);
      }
      const ours = await serveResponder(new Responder(catalog));
      const theirs = await startPdns(directory, zoneDir, nsec3);
      try {
        const chain = nsec3 ? 'nsec3' : 'nsec';
        const allowed = ALLOWED.filter((a) => a.chain === undefined || a.chain === chain);
        const unexplained: string[] = [];
        const used = new Set<Allowed>();
        let id = 1;
        let differing = 0;
        const corpus = queries();
        for (const q of corpus) {
          const [a, b] = await Promise.all([exchange(q, ours.port, id), exchange(q, theirs.port, id)]);
          id = (id + 1) & 0xffff;
          const fields = differingFields(a, b);
          if (fields.length === 0) continue;
          differing++;
          const line = formatQuery(q).toLowerCase();
          const allowance = allowed.find(
            (x) =>
              x.queries.some((q) => q.toLowerCase() === line) && fields.every((f) => x.fields.includes(f)),
          );
          if (allowance) used.add(allowance);
          else {
            const pick = (r: typeof a) => r && Object.fromEntries(fields.map((f) => [f, r[f]]));
            unexplained.push(
              `${formatQuery(q)} [${fields.join(',')}]\n  ours:   ${JSON.stringify(pick(a))}\n  theirs: ${JSON.stringify(pick(b))}`,
            );
          }
        }
        t.log(
          `${corpus.length} queries with DO: ${corpus.length - differing} identical, ${differing} in allowed groups`,
        );
        t.deepEqual(unexplained, [], 'every difference is allowed');
        t.deepEqual(
          allowed.filter((a) => !used.has(a)).map((a) => a.reason),
          [],
          'every allowance is still needed',
        );
      } finally {
        await ours.close();
        await theirs.stop();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
}
