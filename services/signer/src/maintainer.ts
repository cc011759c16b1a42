import type { JetStreamClient } from '@nats-io/jetstream';
import { Name } from '@shoal/dns-wire';
import { denialFromSettings, isSigned, maintenanceDue, unsignZone } from '@shoal/dnssec';
import { appendEventParts, ConcurrencyConflictError } from '@shoal/event-store';
import { encodeEventParts, zoneSubject } from '@shoal/events';
import type { StreamFollower } from '@shoal/projection';
import type { Logger } from 'pino';
import { NotReadyError } from './errors.js';
import { toEventRecords } from './records.js';
import { nowSeconds, type SignerCore, soaBump } from './signer-core.js';
import { keySetAt, runAutomation } from './zone-keys.js';
import type { MirroredZone } from './zone-mirror.js';

export interface MaintenanceResult {
  zone: string;
  outcome: 'appended' | 'unchanged' | 'conflict' | 'unsigned' | 'not-ready';
  signatures?: number;
  sequence?: number;
}

/**
 * The signer's own writes. Every `checkIntervalMs` (and at once after a key command or a change
 * of a zone's DNSSEC settings) each zone is looked at:
 *
 * - settings say signed: the rollover automation runs, then, when there is work (first
 *   signing, new DNSKEY/CDS/CDNSKEY/NSEC3PARAM, a chain to switch, signatures within the
 *   refresh time or by keys that no longer sign), one ChangeSet with the work and a new SOA
 *   serial is appended, at most `maxSignaturesPerChange` new signatures at a time;
 * - settings say unsigned but the zone carries our DNSSEC records (keys in the bucket): one
 *   ChangeSet removes them all (the last step of going insecure, see the README).
 *
 * Appends use the zone subject's expected last sequence, like the admin's: a write that raced
 * ours wins and the zone is looked at again on the next pass. Any number of signers may run.
 */
export class Maintainer {
  #timer?: NodeJS.Timeout;
  #running: Promise<MaintenanceResult[]> | undefined;
  #stopped = false;
  #again = false;

  constructor(
    private readonly core: SignerCore,
    private readonly js: JetStreamClient,
    private readonly follower: StreamFollower,
    private readonly log: Logger,
    /** The server's max_payload: larger ChangeSets (a first signing) go out in parts. */
    private readonly maxMessageBytes: () => number = () => 1024 * 1024,
  ) {}

  start(): void {
    this.#schedule(200);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Asks for a pass soon (after a key command, or when a pass left work). */
  poke(): void {
    this.#again = true;
    if (!this.#running) this.#schedule(20);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void this.runAll().finally(() => {
        const again = this.#again;
        this.#again = false;
        this.#schedule(again ? 20 : this.core.config.checkIntervalMs);
      });
    }, delayMs);
  }

  /** Looks at every zone once. */
  async runAll(): Promise<MaintenanceResult[]> {
    if (this.#running) return this.#running;
    this.#running = (async () => {
      const results: MaintenanceResult[] = [];
      for (const zone of this.core.mirror.zones()) {
        try {
          results.push(await this.maintain(zone));
        } catch (error) {
          this.log.warn({ zone: zone.meta.name, err: String(error) }, 'maintenance failed');
        }
      }
      return results;
    })();
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }

  async maintain(zone: MirroredZone): Promise<MaintenanceResult> {
    const name = zone.meta.name;
    const now = nowSeconds();
    const settings = zone.meta.settings;
    if (!settings.dnssec?.signed) return this.#unsignIfOurs(zone);
    const { records } = await runAutomation(
      this.core.keys,
      name,
      this.core.config.rollover,
      now,
      this.core.mirror.parentDs(name),
    );
    let keys: ReturnType<typeof keySetAt>;
    try {
      keys = keySetAt(this.core.keys, records, this.core.config.rollover, now);
    } catch (error) {
      if (error instanceof NotReadyError) return { zone: name, outcome: 'not-ready' };
      throw error;
    }
    const denial = denialFromSettings(settings.dnssec);
    if (!maintenanceDue(zone.model, { keys, denial, policy: this.core.config.signature, now })) {
      return { zone: name, outcome: 'unchanged' };
    }
    const expected = this.follower.store.lastSequenceOf(zone.meta.name);
    const bump = soaBump(zone.model);
    const maxSignatures = this.core.config.maxSignaturesPerChange;
    const result = this.core.sign(zone.model, settings, keys, now, {
      change: bump,
      full: true,
      maxSignatures,
    });
    // Signatures left for the next ChangeSet: come back soon rather than after the interval.
    if (isSigned(zone.model) && result.signatures >= maxSignatures) this.#again = true;
    const changeSet = {
      fromSerial: bump.from,
      toSerial: bump.to,
      removed: toEventRecords(result.removed),
      added: toEventRecords(result.added),
    };
    return this.#append(zone, expected, changeSet, 'dnssec maintenance', result.signatures);
  }

  async #unsignIfOurs(zone: MirroredZone): Promise<MaintenanceResult> {
    const name = zone.meta.name;
    if (!isSigned(zone.model)) return { zone: name, outcome: 'unchanged' };
    // A zone signed elsewhere and imported as it is (no keys of ours) is served as it is.
    const ours = await this.core.keys.list(name);
    if (ours.length === 0) return { zone: name, outcome: 'unchanged' };
    const expected = this.follower.store.lastSequenceOf(zone.meta.name);
    const bump = soaBump(zone.model);
    const { removed } = unsignZone(zone.model);
    const changeSet = {
      fromSerial: bump.from,
      toSerial: bump.to,
      removed: toEventRecords([...bump.removed, ...removed]),
      added: toEventRecords(bump.added),
    };
    const outcome = await this.#append(zone, expected, changeSet, 'dnssec: zone unsigned', 0);
    return outcome.outcome === 'appended' ? { ...outcome, outcome: 'unsigned' } : outcome;
  }

  async #append(
    zone: MirroredZone,
    expected: number,
    changeSet: {
      fromSerial: number;
      toSerial: number;
      removed: ReturnType<typeof toEventRecords>;
      added: ReturnType<typeof toEventRecords>;
    },
    reason: string,
    signatures: number,
  ): Promise<MaintenanceResult> {
    const name = zone.meta.name;
    const origin = Name.parse(name);
    const messages = encodeEventParts(
      {
        zone: name,
        provenance: {
          actor: this.core.config.signerId,
          timeUnixMs: Date.now(),
          reason,
          requestId: '',
          traceparent: '',
        },
        body: { $case: 'changeSet', changeSet },
      },
      this.maxMessageBytes() - 4096,
    );
    try {
      const ack = await appendEventParts(this.js, zoneSubject(origin.labels), messages, {
        expectedLastSubjectSequence: expected,
      });
      this.log.info(
        { zone: name, sequence: ack.sequence, signatures, serial: changeSet.toSerial, reason },
        'zone signed',
      );
      // The next look at the zone must see this change.
      await this.follower.waitForSequence(ack.sequence, this.core.config.syncTimeoutMs).catch(() => {});
      return { zone: name, outcome: 'appended', signatures, sequence: ack.sequence };
    } catch (error) {
      if (error instanceof ConcurrencyConflictError) return { zone: name, outcome: 'conflict' };
      throw error;
    }
  }
}
