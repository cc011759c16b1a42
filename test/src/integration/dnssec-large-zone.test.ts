/**
 * The first signing of a zone whose signed form does not fit one NATS message (default
 * max_payload, 1 MB): the signer appends its ChangeSet as EventParts, continues past its
 * per-ChangeSet signature budget until every RRset is signed, and the node serves the zone
 * signed, whole (every name has its RRSIG and the NSEC chain is complete).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Name, RRType } from '@shoal/dns-wire';
import { appendEventParts, lastSubjectSequence } from '@shoal/event-store';
import { decodeEvent, encodeEventParts, STREAM_NAME, zoneSubject } from '@shoal/events';
import test from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, tempDir, waitFor } from '../harness/index.js';
import { DnssecClient, dumpZone, SignerProcess } from './dnssec-support.js';

const NAMES = 12_000;

test('a first signing larger than one message arrives in parts and is served whole', async (t) => {
  t.timeout(180_000);
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const signer = await SignerProcess.start(nats.url);
  const node = await NodeProcess.start(nats.url, {
    nodeId: 'large-signed',
    env: { SHOAL_WEB_LISTEN: 'off' },
  });
  const dnssec = new DnssecClient(admin.address);
  const nc = await connect({ servers: nats.url });
  const dir = tempDir('large-signed');
  try {
    const zone = 'signed-large.test';
    const rrsets = Array.from({ length: NAMES }, (_, i) => ({
      name: `h${i}`,
      type: 'A',
      ttl: 300,
      records: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
    }));
    const created = await admin.client().createZone({ name: zone, nameservers: [`ns1.${zone}.`], rrsets });
    await dnssec.setSigning({ zone, signed: true });
    // Signing goes on in ChangeSets of at most max_signatures_per_change new signatures, in
    // canonical order: wait until names all over the zone carry theirs.
    const sample = [0, 4_321, 9_999, NAMES - 1];
    await waitFor(
      'names all over the zone signed on the node',
      async () => {
        for (const i of sample) {
          const m = await query(`h${i}.${zone}`, 'A', { port: node.dnsPort, dnssecOk: true });
          if (!m.answers.some((r) => r.type === RRType.RRSIG)) return false;
        }
        return true;
      },
      120_000,
      250,
    );
    const denial = await query(`h1x.${zone}`, 'A', { port: node.dnsPort, dnssecOk: true });
    t.is(denial.rcode, 3);
    t.true(denial.authorities.some((r) => r.type === RRType.NSEC));

    // Once the signer is done (the subject stays still), the whole zone verifies.
    const jsmQuiet = await jetstreamManager(nc);
    const subjectName = zoneSubject(Name.parse(`${zone}.`).labels);
    let last = await lastSubjectSequence(jsmQuiet, subjectName);
    for (let stillSince = Date.now(); Date.now() - stillSince < 2000; ) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await lastSubjectSequence(jsmQuiet, subjectName);
      if (now !== last) {
        last = now;
        stillSince = Date.now();
      }
    }
    const file = join(dir, `${zone}.zone`);
    writeFileSync(file, await dumpZone(nats.url, `${zone}.`, last));
    const bind = spawnSync('dnssec-verify', ['-o', `${zone}.`, file], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
    });
    t.is(bind.status, 0, bind.stdout + bind.stderr);
    t.regex(bind.stdout + bind.stderr, /Zone fully signed/);
    const ldns = spawnSync('ldns-verify-zone', [file], { encoding: 'utf8' });
    t.is(ldns.status, 0, ldns.stdout + ldns.stderr);

    // The signing went to the stream in parts.
    const jsm = await jetstreamManager(nc);
    const subject = zoneSubject(Name.parse(`${zone}.`).labels);
    const kinds: string[] = [];
    const info = await jsm.streams.info(STREAM_NAME);
    for (let seq = created.sequence + 1; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(STREAM_NAME, { seq }).catch(() => null);
      if (m?.subject === subject) kinds.push(decodeEvent(m.data).body?.$case ?? '?');
    }
    t.log(`events after the zone was created: ${kinds.join(' ')}`);
    t.true(kinds.filter((k) => k === 'eventPart').length >= 2);

    // Parts a writer abandoned on the signed zone's subject: the next write through the admin
    // is signed against the subject's real last sequence and lands.
    const abandoned = encodeEventParts(
      {
        zone: `${zone}.`,
        body: {
          $case: 'changeSet',
          changeSet: {
            fromSerial: 0,
            toSerial: 0,
            removed: [],
            added: Array.from({ length: 20_000 }, (_, i) => ({
              owner: Name.parse(`lost${i}.${zone}.`).toWire(),
              type: RRType.TXT,
              class: 1,
              ttl: 60,
              rdata: Uint8Array.of(5, 0x6c, 0x6f, 0x73, 0x74, 0x21),
            })),
          },
        },
      },
      256 * 1024,
    );
    await appendEventParts(jetstream(nc), subject, abandoned.slice(0, 1), {
      expectedLastSubjectSequence: await lastSubjectSequence(jsm, subject),
    });
    const w = await admin.client().replaceRRset({
      zone,
      rrset: { name: 'after', type: 'A', ttl: 60, records: ['192.0.2.9'] },
    });
    await waitFor(
      'the write after the abandoned parts served signed',
      async () => {
        const m = await query(`after.${zone}`, 'A', { port: node.dnsPort, dnssecOk: true });
        return m.answers.some((r) => r.type === RRType.RRSIG);
      },
      20_000,
      100,
    );
    t.true(w.sequence > 0);
  } catch (error) {
    t.log(signer.process.log.split('\n').slice(-10).join('\n'));
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await nc.close();
    dnssec.close();
    await node.dispose();
    await signer.dispose();
    await admin.dispose();
    await nats.dispose();
  }
});
