import { Name, RRClass, RRType, rdataFromText } from '@shoal/dns-wire';
import type { ProjectionEffect, ZoneMeta } from '@shoal/projection';
import test from 'ava';
import { RecentChanges, summarizeEffects } from './recent-changes.js';

const origin = Name.parse('example.test.');
const zone = { name: 'example.test.', serial: 3, lastSequence: 9, updatedMs: 1000 } as ZoneMeta;
const record = (owner: string, type: number, text: string, ttl = 60) => ({
  owner: Name.parse(owner, origin).toWire(),
  type,
  class: RRClass.IN,
  ttl,
  rdata: rdataFromText(type, text, origin),
});

test('a ChangeSet becomes a summary with its records in presentation form, actor and reason', (t) => {
  const effects: ProjectionEffect[] = [
    {
      kind: 'zone-updated',
      zone,
      sequence: 9,
      changeSet: {
        fromSerial: 2,
        toSerial: 3,
        removed: [record('www', RRType.A, '192.0.2.1')],
        added: [record('www', RRType.A, '192.0.2.2')],
      },
      provenance: { actor: 'ops', timeUnixMs: 5000, reason: 'move www', requestId: 'r1', traceparent: '' },
    },
    { kind: 'rrset', zone, owner: Name.parse('www.example.test.'), type: RRType.A, ttl: 60, rdatas: [] },
    { kind: 'zone-deleted', zone },
  ];
  const [updated, deleted, ...rest] = summarizeEffects(effects, 7000);
  t.deepEqual(rest, [], 'RRset effects are not listed on their own');
  t.like(updated, {
    kind: 'updated',
    zone: 'example.test.',
    sequence: 9,
    fromSerial: 2,
    toSerial: 3,
    actor: 'ops',
    reason: 'move www',
    timeMs: 5000,
    appliedAtMs: 7000,
  });
  t.deepEqual(updated.removed, ['www.example.test. 60 A 192.0.2.1']);
  t.deepEqual(updated.added, ['www.example.test. 60 A 192.0.2.2']);
  t.like(deleted, { kind: 'deleted', sequence: 9 });
});

test('a huge change lists its first records and counts the rest', (t) => {
  const added = Array.from({ length: 25 }, (_, i) => record(`h${i}`, RRType.A, `10.0.0.${i}`));
  const [s] = summarizeEffects(
    [
      {
        kind: 'zone-updated',
        zone,
        sequence: 9,
        changeSet: { fromSerial: 1, toSerial: 2, removed: [], added },
      },
    ],
    0,
  );
  t.is(s.added.length, 21);
  t.is(s.added[20], '… 5 more');
});

test('recent changes keep the newest first, up to their capacity', (t) => {
  const recent = new RecentChanges(2);
  const c = (sequence: number) => ({
    sequence,
    zone: 'a.',
    kind: 'updated' as const,
    removed: [],
    added: [],
    timeMs: 0,
    appliedAtMs: 0,
  });
  recent.add([c(1)]);
  recent.add([c(2), c(3)]);
  t.deepEqual(
    recent.list().map((x) => x.sequence),
    [3, 2],
  );
});
