import { SerialPolicy, ZoneKind } from '@shoal/events';
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
