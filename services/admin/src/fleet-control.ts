import { headers, type NatsConnection } from '@nats-io/transport-node';
import { CONTROL_SUBJECT_PREFIX } from '@shoal/events';

/** Fleet-wide "send NOTIFY for this zone" (core NATS, fire and forget). */
export const NOTIFY_SUBJECT = `${CONTROL_SUBJECT_PREFIX}notify`;
/** "Check the primary of this secondary zone now" (the transfer bridges pull on it). */
export const REFRESH_SUBJECT = `${CONTROL_SUBJECT_PREFIX}refresh`;
/** Fleet-wide "drop cached answers" (core NATS, fire and forget). */
export const PURGE_SUBJECT = `${CONTROL_SUBJECT_PREFIX}purge`;

export interface NotifyCommand {
  zone: string;
}

/** `{}`: everything; `{"zone"}`: the zone; `{"zone","name"}`: one name. */
export interface PurgeCommand {
  zone?: string;
  name?: string;
}

/**
 * Publishes operator commands to every node and bridge. Core NATS, not the stream: a command
 * is only meaningful now, and a node that is down has an empty cache when it comes back.
 */
export class FleetControl {
  /** Serial each zone had when NOTIFY was last requested (PowerDNS's notified_serial). */
  private readonly notified = new Map<string, number>();

  constructor(private readonly nc: NatsConnection) {}

  async notify(zone: string, serial: number, traceparent?: string): Promise<void> {
    this.publish(NOTIFY_SUBJECT, { zone } satisfies NotifyCommand, traceparent);
    this.notified.set(zone, serial);
    await this.nc.flush();
  }

  async refresh(zone: string, traceparent?: string): Promise<void> {
    this.publish(REFRESH_SUBJECT, { zone } satisfies NotifyCommand, traceparent);
    await this.nc.flush();
  }

  async purge(command: PurgeCommand, traceparent?: string): Promise<void> {
    this.publish(PURGE_SUBJECT, command, traceparent);
    await this.nc.flush();
  }

  notifiedSerial(zone: string): number {
    return this.notified.get(zone) ?? 0;
  }

  private publish(subject: string, body: object, traceparent?: string): void {
    const h = traceparent ? headers() : undefined;
    if (h && traceparent) h.set('traceparent', traceparent);
    this.nc.publish(subject, JSON.stringify(body), { headers: h });
  }
}
