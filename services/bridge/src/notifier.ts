import { randomInt } from 'node:crypto';
import type { Name } from '@shoal/dns-wire';
import {
  buildNotify,
  type Endpoint,
  formatEndpoint,
  notifyAckRcode,
  type SoaRecord,
} from '@shoal/zone-transfer';
import type { Logger } from 'pino';

/** Sends one datagram and returns the first reply from the target with the same ID (or undefined). */
export type DatagramSender = (
  target: Endpoint,
  message: Uint8Array,
  timeoutMs: number,
) => Promise<Uint8Array | undefined>;

export interface NotifierOptions {
  send: DatagramSender;
  log: Logger;
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** Signs an outgoing NOTIFY for a zone, when configured. */
  sign?: (zone: Name, message: Uint8Array) => Uint8Array;
}

interface Job {
  cancelled: boolean;
  done: Promise<void>;
}

export interface NotifyOutcome {
  zone: string;
  target: string;
  serial: number;
  attempts: number;
  acknowledged: boolean;
  rcode?: number;
}

/**
 * Sends NOTIFY (RFC 1996) for zone changes and retransmits until each target answers, waiting
 * longer each time (§3.6: a NOTIFY is retried until a response arrives or a limit is reached).
 * A newer change to the same zone and target supersedes a NOTIFY still retrying: the secondary
 * needs to hear of the latest serial only.
 */
export class Notifier {
  readonly #jobs = new Map<string, Job>();
  readonly outcomes: NotifyOutcome[] = [];
  #stopped = false;

  constructor(private readonly options: NotifierOptions) {}

  notify(zone: Name, soa: SoaRecord, serial: number, targets: readonly Endpoint[]): Promise<void>[] {
    return targets.map((target) => {
      const id = `${zone.key} ${formatEndpoint(target)}`;
      const previous = this.#jobs.get(id);
      if (previous) previous.cancelled = true;
      const job: Job = { cancelled: false, done: Promise.resolve() };
      job.done = this.#run(job, zone, soa, serial, target).finally(() => {
        if (this.#jobs.get(id) === job) this.#jobs.delete(id);
      });
      this.#jobs.set(id, job);
      return job.done;
    });
  }

  get pending(): number {
    return this.#jobs.size;
  }

  async #run(job: Job, zone: Name, soa: SoaRecord, serial: number, target: Endpoint): Promise<void> {
    const { log, maxAttempts, maxDelayMs } = this.options;
    let delay = this.options.initialDelayMs;
    const where = formatEndpoint(target);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (job.cancelled || this.#stopped) return;
      const messageId = randomInt(0, 0x10000);
      let message = buildNotify(zone, messageId, soa);
      if (this.options.sign) message = this.options.sign(zone, message);
      const started = Date.now();
      let reply: Uint8Array | undefined;
      try {
        reply = await this.options.send(target, message, delay);
      } catch (err) {
        log.debug({ zone: zone.key, target: where, err: String(err) }, 'NOTIFY send failed');
      }
      const rcode = reply ? notifyAckRcode(reply, messageId, zone) : undefined;
      if (rcode !== undefined) {
        const outcome = {
          zone: zone.key,
          target: where,
          serial,
          attempts: attempt,
          acknowledged: true,
          rcode,
        };
        this.#record(outcome);
        // Any answer ends the exchange (§4.7); an error RCODE means the target will not act on it.
        if (rcode === 0) log.info(outcome, 'NOTIFY acknowledged');
        else log.warn(outcome, 'NOTIFY answered with an error');
        return;
      }
      // The send returns early on errors (ICMP unreachable): keep the spacing anyway.
      const waited = Date.now() - started;
      if (waited < delay) await new Promise((r) => setTimeout(r, delay - waited));
      delay = Math.min(maxDelayMs, delay * 2);
    }
    const outcome = { zone: zone.key, target: where, serial, attempts: maxAttempts, acknowledged: false };
    this.#record(outcome);
    log.warn(
      outcome,
      'NOTIFY not acknowledged; giving up (the secondary will find the change at its next refresh)',
    );
  }

  #record(outcome: NotifyOutcome): void {
    this.outcomes.push(outcome);
    if (this.outcomes.length > 1000) this.outcomes.splice(0, 500);
  }

  stop(): void {
    this.#stopped = true;
    for (const job of this.#jobs.values()) job.cancelled = true;
  }
}
