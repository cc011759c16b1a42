import type { DnssecAdmin } from '../dnssec/index.js';
import type { FleetTracker } from '../fleet.js';
import type { FleetControl } from '../fleet-control.js';
import type { AdminStatistics } from '../statistics.js';
import type { TsigKeyStore } from '../tsig-keys.js';
import type { ZoneAdmin } from '../zone-admin.js';
import type { ZoneImporter } from '../zone-import.js';

/** What the PowerDNS-compatible API works with: the same services as gRPC. */
export interface PdnsApiDeps {
  admin: ZoneAdmin;
  importer: ZoneImporter;
  control: FleetControl;
  fleet: FleetTracker;
  stats: AdminStatistics;
  tsigKeys: () => TsigKeyStore;
  /** Signing settings and keys (forwarded to the signers), as gRPC's DnssecService. */
  dnssec: DnssecAdmin;
  streamLastSequence: () => number;
  /** SOA MNAME for zones created without an SOA (PowerDNS's default-soa-content). */
  defaultSoaPrimary: string;
  version: string;
}
