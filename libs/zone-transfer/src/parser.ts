import { type Name, type ResourceRecord, RRClass, RRType, soaSerial } from '@shoal/dns-wire';
import type { ChangeSet } from '@shoal/events';
import { TransferFormatError } from './errors.js';
import { toEventRecord } from './records.js';
import { serialAtLeast } from './serial.js';

/** What a transfer brought. */
export type TransferResult =
  /** The server's serial is not newer than ours (a single-SOA IXFR answer). */
  | { kind: 'up-to-date'; serial: number; soa: ResourceRecord }
  /** A whole zone (AXFR, or an IXFR answered in AXFR style): `records` holds the SOA once, first. */
  | { kind: 'full'; serial: number; soa: ResourceRecord; records: ResourceRecord[] }
  /** Difference sequences, oldest first, in ChangeSet shape (old SOA first removed, new SOA first added). */
  | { kind: 'incremental'; serial: number; soa: ResourceRecord; changes: ChangeSet[] };

type State =
  | { phase: 'start' }
  | { phase: 'first'; soa: ResourceRecord }
  | { phase: 'full'; soa: ResourceRecord; records: ResourceRecord[] }
  | { phase: 'removing' | 'adding'; soa: ResourceRecord; changes: ChangeSet[]; current: ChangeSet }
  | { phase: 'done'; result: TransferResult };

/**
 * Reads the answer records of a transfer response as they arrive, message by message, and
 * tells when the response is complete (RFC 5936 §2.2: the second SOA of the serial announced
 * first ends an AXFR; RFC 1995 §4: the announced SOA after a difference that reached it ends an
 * IXFR; an IXFR answer that is one SOA only says we are current).
 */
export class TransferParser {
  #state: State = { phase: 'start' };

  constructor(
    readonly zone: Name,
    readonly kind: 'axfr' | 'ixfr',
    /** IXFR: the serial we asked from; an opening SOA at or below it means we are current. */
    readonly clientSerial?: number,
  ) {}

  get done(): boolean {
    return this.#state.phase === 'done';
  }

  /** Feeds one message's answer records; true once the transfer is complete. */
  push(records: readonly ResourceRecord[]): boolean {
    for (const rr of records) {
      if (this.#state.phase === 'done')
        throw new TransferFormatError('records after the end of the transfer');
      if (rr.class !== RRClass.IN) continue;
      this.#step(rr);
    }
    return this.done;
  }

  /** Called when the stream of messages ended; a single-SOA IXFR answer completes here. */
  end(): TransferResult {
    const s = this.#state;
    if (s.phase === 'done') return s.result;
    if (s.phase === 'first' && this.kind === 'ixfr') {
      return { kind: 'up-to-date', serial: soaSerial(s.soa.rdata), soa: s.soa };
    }
    throw new TransferFormatError(`transfer of ${this.zone} ended before its closing SOA`);
  }

  #isSoa(rr: ResourceRecord): boolean {
    return rr.type === RRType.SOA && rr.name.equals(this.zone);
  }

  #step(rr: ResourceRecord): void {
    const s = this.#state;
    switch (s.phase) {
      case 'start':
        if (!this.#isSoa(rr))
          throw new TransferFormatError(`the transfer of ${this.zone} does not start with its SOA`);
        if (
          this.kind === 'ixfr' &&
          this.clientSerial !== undefined &&
          serialAtLeast(this.clientSerial, soaSerial(rr.rdata))
        ) {
          this.#state = {
            phase: 'done',
            result: { kind: 'up-to-date', serial: soaSerial(rr.rdata), soa: rr },
          };
          return;
        }
        this.#state = { phase: 'first', soa: rr };
        return;
      case 'first': {
        const serial = soaSerial(s.soa.rdata);
        if (this.#isSoa(rr) && soaSerial(rr.rdata) !== serial && this.kind === 'ixfr') {
          const current: ChangeSet = {
            fromSerial: soaSerial(rr.rdata),
            toSerial: 0,
            removed: [toEventRecord(rr)],
            added: [],
          };
          this.#state = { phase: 'removing', soa: s.soa, changes: [], current };
          return;
        }
        if (this.#isSoa(rr)) {
          // SOA, SOA: a zone holding nothing but its SOA.
          this.#state = { phase: 'done', result: { kind: 'full', serial, soa: s.soa, records: [s.soa] } };
          return;
        }
        this.#state = { phase: 'full', soa: s.soa, records: [s.soa, rr] };
        return;
      }
      case 'full':
        if (this.#isSoa(rr)) {
          if (soaSerial(rr.rdata) !== soaSerial(s.soa.rdata))
            throw new TransferFormatError('closing SOA serial differs from the opening one');
          this.#state = {
            phase: 'done',
            result: { kind: 'full', serial: soaSerial(s.soa.rdata), soa: s.soa, records: s.records },
          };
          return;
        }
        s.records.push(rr);
        return;
      case 'removing':
        if (this.#isSoa(rr)) {
          s.current.toSerial = soaSerial(rr.rdata);
          s.current.added.push(toEventRecord(rr));
          s.phase = 'adding';
          return;
        }
        s.current.removed.push(toEventRecord(rr));
        return;
      case 'adding': {
        if (!this.#isSoa(rr)) {
          s.current.added.push(toEventRecord(rr));
          return;
        }
        s.changes.push(s.current);
        const target = soaSerial(s.soa.rdata);
        if (s.current.toSerial === target && soaSerial(rr.rdata) === target) {
          this.#state = {
            phase: 'done',
            result: { kind: 'incremental', serial: target, soa: s.soa, changes: s.changes },
          };
          return;
        }
        const next: ChangeSet = {
          fromSerial: soaSerial(rr.rdata),
          toSerial: 0,
          removed: [toEventRecord(rr)],
          added: [],
        };
        if (next.fromSerial !== s.current.toSerial) {
          throw new TransferFormatError(
            `IXFR difference starts at ${next.fromSerial}, the previous ended at ${s.current.toSerial}`,
          );
        }
        this.#state = { phase: 'removing', soa: s.soa, changes: s.changes, current: next };
        return;
      }
      case 'done':
        return;
    }
  }
}
