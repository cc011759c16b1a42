/**
 * Events larger than one NATS message (max_payload): a ZoneCreated of 60,000 records written by
 * the admin goes to the stream as EventParts and reaches nodes as one zone version; a node that
 * starts afterwards builds the same store from the parts; parts abandoned by a writer (cut short
 * here by hand) are dropped, and the next write to the zone still goes through.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Name, RRType, rdataFromText } from '@shoal/dns-wire';
import { appendEventParts, lastSubjectSequence } from '@shoal/event-store';
import { decodeEvent, encodeEventParts, STREAM_NAME, zoneSubject } from '@shoal/events';
import test from 'ava';
import { AdminProcess, NatsServer, NodeProcess, query, waitForApplied } from '../harness/index.js';

const HOSTS = 60_000;

test('a zone too large for one message is one event in parts, served whole by every node', async (t) => {
  t.timeout(180_000);
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const early = await NodeProcess.start(nats.url, { nodeId: 'early', env: { SHOAL_WEB_LISTEN: 'off' } });
  const nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  let late: NodeProcess | undefined;
  try {
    const rrsets = Array.from({ length: HOSTS }, (_, i) => ({
      name: `host${i}`,
      type: 'TXT',
      ttl: 300,
      records: [`"host number ${i} of the large zone"`],
    }));
    const created = await admin
      .client()
      .createZone({ name: 'large.test', nameservers: ['ns1.large.test.'], rrsets });
    const subject = zoneSubject(Name.parse('large.test.').labels);
    const info = await jsm.streams.info(STREAM_NAME, { subjects_filter: subject });
    const messages = info.state.subjects?.[subject] ?? 0;
    t.true(messages > 1, `${messages} messages on the subject`);
    t.log(`ZoneCreated of ${HOSTS} records: ${messages} parts`);

    await waitForApplied(nc, 'early', created.sequence);
    for (const i of [0, 31_337, HOSTS - 1]) {
      const m = await query(`host${i}.large.test`, 'TXT', { port: early.dnsPort });
      t.is(m.answers.length, 1, `host${i}`);
    }
    const soa = await query('large.test', 'SOA', { port: early.dnsPort });
    t.is(soa.answers.length, 1);

    // A node that starts now reads the parts from the stream and builds the same zone.
    late = await NodeProcess.start(nats.url, { nodeId: 'late', env: { SHOAL_WEB_LISTEN: 'off' } });
    await waitForApplied(nc, 'late', created.sequence);
    const m = await query(`host${HOSTS - 1}.large.test`, 'TXT', { port: late.dnsPort });
    t.is(m.answers.length, 1);

    // A writer that dies after two parts: the parts stay on the subject, incomplete.
    const origin = Name.parse('large.test.');
    const lost = encodeEventParts(
      {
        zone: 'large.test.',
        body: {
          $case: 'changeSet',
          changeSet: {
            fromSerial: 0,
            toSerial: 0,
            removed: [],
            added: Array.from({ length: 30_000 }, (_, i) => ({
              owner: Name.parse(`lost${i}.large.test.`).toWire(),
              type: RRType.TXT,
              class: 1,
              ttl: 60,
              rdata: rdataFromText(RRType.TXT, '"never applied"', origin),
            })),
          },
        },
      },
      256 * 1024,
    );
    t.true(lost.length > 2);
    const cut = await appendEventParts(jetstream(nc), subject, lost.slice(0, 2), {
      expectedLastSubjectSequence: await lastSubjectSequence(jsm, subject),
    });
    await waitForApplied(nc, 'early', cut.sequence);
    // The next write expects the abandoned part as the subject's last message, and lands.
    const w = await admin.client().replaceRRset({
      zone: 'large.test',
      rrset: { name: 'after', type: 'A', ttl: 60, records: ['192.0.2.9'] },
    });
    t.true(w.sequence > cut.sequence);
    await waitForApplied(nc, 'early', w.sequence);
    await waitForApplied(nc, 'late', w.sequence);
    for (const node of [early, late]) {
      t.is((await query('after.large.test', 'A', { port: node.dnsPort })).answers.length, 1);
      t.is(
        (await query('lost0.large.test', 'TXT', { port: node.dnsPort })).rcode,
        3,
        'NXDOMAIN: the cut event never applied',
      );
    }
    const first = await jsm.streams.getMessage(STREAM_NAME, { seq: cut.firstSequence });
    t.is(decodeEvent(first!.data).body?.$case, 'eventPart');
  } finally {
    await nc.close();
    await late?.dispose();
    await early.dispose();
    await admin.dispose();
    await nats.dispose();
  }
});
