import { SerialPolicy, ZoneKind, type ZoneSettings } from '@shoal/events';
import { EXPIRED_METADATA_KIND } from '@shoal/zone-transfer';
import test from 'ava';
import { ValidationError } from './errors.js';
import { newZoneSettings, patchZoneSettings, validateSettings } from './zone-settings.js';

test('new settings default to a native zone with increment serials; TSIG key names are canonical', (t) => {
  const s = newZoneSettings({ tsigKeys: ['Xfer.Key'] });
  t.is(s.kind, ZoneKind.ZONE_KIND_NATIVE);
  t.is(s.serialPolicy, SerialPolicy.SERIAL_POLICY_INCREMENT);
  t.deepEqual(s.tsigKeys, ['xfer.key.']);
});

test('an update changes only the masked fields and keeps comments and unmasked fields', (t) => {
  const current = { ...newZoneSettings({ transferAcl: ['192.0.2.0/24'], account: 'a' }), rrsetComments: [] };
  const next = patchZoneSettings(current, { account: 'b', transferAcl: [] }, ['account']);
  t.is(next.account, 'b');
  t.deepEqual(next.transferAcl, ['192.0.2.0/24']);
  const all = patchZoneSettings(current, { account: 'c' }, []);
  t.deepEqual(all.transferAcl, [], 'an empty mask means every field');
  t.throws(() => patchZoneSettings(current, {}, ['nonsense']), {
    instanceOf: ValidationError,
    message: /settings field/,
  });
});

test("replacing the metadata keeps the bridge's expiry mark unless the update names it", (t) => {
  const at = '2025-01-01T00:00:00.000Z';
  const current = {
    ...newZoneSettings({
      kind: ZoneKind.ZONE_KIND_SECONDARY as number,
      primaries: ['192.0.2.1'],
      metadata: { [EXPIRED_METADATA_KIND]: { values: [at] }, 'X-OLD': { values: ['x'] } },
    }),
    rrsetComments: [],
  };
  const kinds = (s: ZoneSettings) =>
    Object.fromEntries(Object.entries(s.metadata).map(([k, v]) => [k, v.values]));
  const masked = patchZoneSettings(current, { metadata: { 'X-NOTE': { values: ['a'] } } }, ['metadata']);
  t.deepEqual(kinds(masked), { 'X-NOTE': ['a'], [EXPIRED_METADATA_KIND]: [at] });
  const everything = patchZoneSettings(current, { kind: current.kind, primaries: current.primaries }, []);
  t.deepEqual(kinds(everything), { [EXPIRED_METADATA_KIND]: [at] }, 'an empty mask replaces every field');
  const cleared = patchZoneSettings(current, { metadata: { [EXPIRED_METADATA_KIND]: { values: [] } } }, [
    'metadata',
  ]);
  t.deepEqual(kinds(cleared), {}, 'naming the kind without values clears it');
  const notExpired = patchZoneSettings({ ...current, metadata: {} }, { metadata: {} }, ['metadata']);
  t.deepEqual(kinds(notExpired), {});
});

test('settings rules: CIDRs, addresses, key names, metadata kinds, secondaries need primaries', (t) => {
  const e = t.throws(
    () =>
      validateSettings(
        newZoneSettings({
          kind: ZoneKind.ZONE_KIND_SECONDARY as number,
          transferAcl: ['not-a-cidr'],
          alsoNotify: ['example.com:53'],
          metadata: { 'bad kind': { values: [] } },
        }),
      ),
    { instanceOf: ValidationError },
  );
  t.deepEqual(
    e.violations.map((v) => v.rule),
    ['bad-cidr', 'bad-address', 'bad-metadata-kind', 'primaries-required'],
  );
  t.notThrows(() =>
    validateSettings(
      newZoneSettings({ alsoNotify: ['192.0.2.1:5300', '[2001:db8::1]:53'], transferAcl: ['2001:db8::/32'] }),
    ),
  );
});
