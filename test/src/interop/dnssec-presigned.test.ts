/**
 * Pre-signed zones are served as they are: zones signed by BIND's dnssec-signzone (keys from
 * dnssec-keygen), NSEC and NSEC3 (RFC 9276 parameters) and NSEC3 opt-out, loaded into the
 * answer engine and asked through delv with the zone's KSK as trust anchor: positive answers,
 * NXDOMAIN, NODATA, empty non-terminals, wildcard answers and wildcard NODATA validate.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog, Responder, Zone } from '@shoal/authority';
import { Name, parseZoneText } from '@shoal/dns-wire';
import test from 'ava';
import { REPO_ROOT } from '../harness/index.js';
import { bindKeygen, bindKskLine, bindSign, delv, serveResponder, writeAnchorFile } from './dnssec-tools.js';

/** query name, type, what delv must say */
const QUERIES: [string, string, 'answer' | 'negative' | 'wildcard'][] = [
  ['mail.wild.test.', 'A', 'answer'],
  ['wild.test.', 'NS', 'answer'],
  ['wild.test.', 'DNSKEY', 'answer'],
  ['explicit.wild.test.', 'MX', 'negative'],
  ['ent.wild.test.', 'A', 'negative'],
  ['nothing.sub.wild.test.', 'A', 'wildcard'],
  ['a.b.c.wild.test.', 'TXT', 'wildcard'],
  ['x.wild.test.', 'AAAA', 'negative'],
  ['nonexistent.ent.wild.test.', 'A', 'negative'],
  ['y.x.level2.wild.test.', 'TXT', 'answer'],
  ['no.y.x.level2.wild.test.', 'A', 'negative'],
  ['something.x.level2.wild.test.', 'A', 'wildcard'],
  ['q.cname.wild.test.', 'A', 'wildcard'],
  ['deleg.wild.test.', 'DS', 'negative'],
];

const variants: [string, { nsec3?: boolean; optOut?: boolean }][] = [
  ['NSEC', {}],
  ['NSEC3', { nsec3: true }],
  ['NSEC3 opt-out', { nsec3: true, optOut: true }],
];

for (const [label, options] of variants) {
  test.serial(
    `a zone signed by dnssec-signzone (${label}) validates in delv through our engine`,
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'shoal-presigned-'));
      try {
        const source = join(dir, 'wild.test.zone');
        copyFileSync(join(REPO_ROOT, 'test/fixtures/zones/wild.test.zone'), source);
        bindKeygen(dir, 'wild.test.');
        const signed = bindSign(dir, source, 'wild.test.', options);
        const origin = Name.parse('wild.test.');
        const zone = new Zone(origin);
        for (const rr of parseZoneText(signed, { origin })) zone.addRecord(rr);
        const catalog = new Catalog();
        catalog.set(zone);
        const server = await serveResponder(new Responder(catalog));
        const anchor = join(dir, 'anchor.conf');
        writeAnchorFile(anchor, 'wild.test.', [bindKskLine(dir, 'wild.test.').split(/\s+DNSKEY\s+/)[1]]);
        try {
          for (const [name, type, expect] of QUERIES) {
            const result = await delv(server.port, anchor, 'wild.test.', name, type);
            if (expect === 'wildcard' && options.optOut) {
              // RFC 5155 §9.2: the next closer name is covered by an Opt-Out NSEC3, so an unsigned
              // delegation could be there: validators call a wildcard answer insecure.
              t.regex(result.text, /; (unsigned answer|fully validated)/, `${name} ${type}:\n${result.text}`);
              continue;
            }
            t.true(result.validated, `${name} ${type}:\n${result.text}`);
            if (expect === 'negative') t.true(result.negative, `${name} ${type} negative:\n${result.text}`);
            else t.false(result.negative, `${name} ${type} positive:\n${result.text}`);
          }
        } finally {
          await server.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}

test.serial('delv refuses a reply whose signature we corrupted (the check is real)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-presigned-'));
  try {
    const source = join(dir, 'wild.test.zone');
    copyFileSync(join(REPO_ROOT, 'test/fixtures/zones/wild.test.zone'), source);
    bindKeygen(dir, 'wild.test.');
    const signed = bindSign(dir, source, 'wild.test.');
    const origin = Name.parse('wild.test.');
    const zone = new Zone(origin);
    for (const rr of parseZoneText(signed, { origin })) {
      // Flip one octet of the signature over mail.wild.test A.
      if (
        rr.type === 46 &&
        rr.name.equals(Name.parse('mail.wild.test.')) &&
        ((rr.rdata[0] << 8) | rr.rdata[1]) === 1
      ) {
        rr.rdata[rr.rdata.length - 1] ^= 0xff;
      }
      zone.addRecord(rr);
    }
    const catalog = new Catalog();
    catalog.set(zone);
    const server = await serveResponder(new Responder(catalog));
    const anchor = join(dir, 'anchor.conf');
    writeAnchorFile(anchor, 'wild.test.', [bindKskLine(dir, 'wild.test.').split(/\s+DNSKEY\s+/)[1]]);
    writeFileSync(join(dir, 'unused'), '');
    try {
      t.false((await delv(server.port, anchor, 'wild.test.', 'mail.wild.test.', 'A')).validated);
      t.true((await delv(server.port, anchor, 'wild.test.', 'mail.wild.test.', 'AAAA')).validated);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
