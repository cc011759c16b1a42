import { Catalog, Zone } from '@shoal/authority';
import { decodeMessage, encodeMessage, Name, Rcode, RRClass, RRType } from '@shoal/dns-wire';
import { ZoneSettings } from '@shoal/events';
import type { ZoneMeta } from '@shoal/projection';
import { withZoneExpiry } from '@shoal/zone-transfer';
import test from 'ava';
import { ExpiredZones } from './expired-zones.js';

function meta(name: string, expired: boolean): ZoneMeta {
  const settings = withZoneExpiry(ZoneSettings.fromPartial({ kind: 3 }), expired ? Date.now() : undefined);
  return {
    name,
    zoneId: 1,
    serial: 1,
    lastSequence: 1,
    settings,
    journalCount: 0,
    rrsetCount: 0,
    recordCount: 0,
    updatedMs: 0,
  };
}

function query(name: string): Uint8Array {
  return encodeMessage({
    id: 77,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [{ name: Name.parse(name), type: RRType.A, class: RRClass.IN }],
    answers: [],
    authorities: [],
    additionals: [],
  });
}

test('queries into an expired zone get SERVFAIL; its unexpired child zone and other zones are untouched', (t) => {
  const catalog = new Catalog();
  for (const z of ['old.test.', 'child.old.test.', 'fresh.test.']) catalog.set(new Zone(Name.parse(z)));
  const expired = new ExpiredZones(catalog);
  t.is(expired.answer(query('www.old.test.')), undefined, 'nothing expired: fast path');
  expired.load([meta('old.test.', true), meta('child.old.test.', false), meta('fresh.test.', false)]);
  const answer = decodeMessage(expired.answer(query('www.old.test.'))!);
  t.is(answer.rcode, Rcode.SERVFAIL);
  t.is(answer.id, 77);
  t.true(answer.rd);
  t.is(expired.answer(query('www.child.old.test.')), undefined);
  t.is(expired.answer(query('fresh.test.')), undefined);
  expired.apply([{ kind: 'zone-updated', zone: meta('old.test.', false), sequence: 2 }]);
  t.is(expired.answer(query('www.old.test.')), undefined, 'served again once the mark is cleared');
});
