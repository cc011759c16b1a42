import type { JetStreamClient } from '@nats-io/jetstream';
import { Name } from '@shoal/dns-wire';
import { type AppendResult, appendEventParts } from '@shoal/event-store';
import { type ChangeSet, encodeEventParts, type ZoneSettings, zoneSubject } from '@shoal/events';
import type { StreamFollower, ZoneMeta } from '@shoal/projection';

export interface PublishOptions {
  /** Why, for the event's provenance ("IXFR from 192.0.2.1:53"). */
  reason: string;
  /** Idempotency key (Nats-Msg-Id). */
  messageId?: string;
}

/**
 * Appends the bridge's events to the zone's subject with the expected last subject sequence
 * the bridge saw: two bridges acting on the same state cannot both write (the second gets a
 * ConcurrencyConflictError), and a retried append with the same message ID is stored once.
 * Returns after the bridge's own projection has applied the event.
 */
export class ZonePublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly follower: StreamFollower,
    private readonly bridgeId: string,
    /** The server's max_payload: a larger first pull of a legacy zone goes out in parts. */
    private readonly maxMessageBytes: () => number = () => 1024 * 1024,
  ) {}

  async changeSet(meta: ZoneMeta, changeSet: ChangeSet, options: PublishOptions): Promise<AppendResult> {
    return this.#append(meta, { $case: 'changeSet', changeSet }, options);
  }

  async settings(meta: ZoneMeta, settings: ZoneSettings, options: PublishOptions): Promise<AppendResult> {
    return this.#append(meta, { $case: 'zoneSettingsChanged', zoneSettingsChanged: { settings } }, options);
  }

  async #append(
    meta: ZoneMeta,
    body:
      | { $case: 'changeSet'; changeSet: ChangeSet }
      | { $case: 'zoneSettingsChanged'; zoneSettingsChanged: { settings: ZoneSettings } },
    options: PublishOptions,
  ): Promise<AppendResult> {
    const messages = encodeEventParts(
      {
        zone: meta.name,
        provenance: {
          actor: `bridge:${this.bridgeId}`,
          timeUnixMs: Date.now(),
          reason: options.reason,
          requestId: options.messageId ?? '',
          traceparent: '',
        },
        body,
      },
      this.maxMessageBytes() - 4096,
    );
    const result = await appendEventParts(this.js, zoneSubject(Name.parse(meta.name).labels), messages, {
      expectedLastSubjectSequence: this.follower.store.lastSequenceOf(meta.name),
      messageId: options.messageId,
      timeoutMs: 10_000,
    });
    await this.follower.waitForSequence(result.sequence, 30_000);
    return result;
  }

  /** Waits until the projection has what the stream has for the zone (after a conflict). */
  async catchUp(sequence: number): Promise<void> {
    await this.follower.waitForSequence(sequence, 30_000);
  }
}
