import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Name, parseZoneText } from '@shoal/dns-wire';
import { Catalog } from '../catalog.js';
import { Zone } from '../zone.js';

/** The shared zone fixtures, also served to PowerDNS by the differential test. */
export const ZONE_DIRECTORY = fileURLToPath(new URL('../../../../test/fixtures/zones/', import.meta.url));

/** Fixture files are named after their origin: `example.test.zone`. */
export function fixtureOrigins(): string[] {
  return readdirSync(ZONE_DIRECTORY)
    .filter((file) => file.endsWith('.zone'))
    .map((file) => file.slice(0, -'.zone'.length));
}

export function loadFixtureZone(origin: string): Zone {
  const name = Name.parse(`${origin}.`);
  const text = readFileSync(`${ZONE_DIRECTORY}${origin}.zone`, 'utf8');
  const zone = new Zone(name);
  for (const rr of parseZoneText(text, { origin: name, fileName: `${origin}.zone` })) zone.addRecord(rr);
  return zone;
}

/** A catalog with every fixture zone, or the ones named. */
export function loadFixtureCatalog(origins: readonly string[] = fixtureOrigins()): Catalog {
  const catalog = new Catalog();
  for (const origin of origins) catalog.set(loadFixtureZone(origin));
  return catalog;
}
