import { type Name, type ResourceRecord, RRClass, RRType, soaSerial, withSoaSerial } from '@shoal/dns-wire';
import type { ChangeSet, Record as EventRecord } from '@shoal/events';
import { DEFAULT_TRANSFER_MESSAGE_SIZE, type ResponseStreamOptions } from './axfr.js';
import { condenseChanges } from './condense.js';
import { MissingSoaError } from './errors.js';
import { ResponsePacker } from './packer.js';
import { findSoa, isApexSoa, toResourceRecord } from './records.js';
import { coverRrsigTtls } from './rrsig-ttl.js';
import { serialAtLeast } from './serial.js';
import type { ZoneSource } from './source.js';

export interface SoaRecord {
  ttl: number;
  rdata: Uint8Array;
}

/** How to answer an IXFR (RFC 1995 §4). */
export type IxfrPlan =
  /** The client has this serial or a newer one: one SOA. */
  | { kind: 'up-to-date'; soa: SoaRecord }
  /** The journal covers the client's serial: the difference sequences to the newest version. */
  | { kind: 'incremental'; soa: SoaRecord; changes: ChangeSet[] }
  /** The journal does not reach back to the client's serial: send the whole zone (AXFR-style). */
  | { kind: 'full' };

export interface IxfrPlanOptions {
  /** Merge the ChangeSets into one difference (RFC 1995 §5). Default true. */
  condense?: boolean;
}

/**
 * Finds the chain of ChangeSets from the client's serial to the newest one in the journal.
 * The chain must be unbroken (each from_serial the previous to_serial, compared as equal
 * serials) and end with the journal's last entry; otherwise the answer is a full transfer.
 * The response's SOA is the chain's last new SOA, so the answer is consistent with the
 * journal even if the zone moved on since (the client then catches up next time).
 */
export async function planIxfr(
  origin: Name,
  clientSerial: number,
  source: ZoneSource,
  options: IxfrPlanOptions = {},
): Promise<IxfrPlan> {
  const current = source.soa();
  if (!current) throw new MissingSoaError(origin.toString());
  if (serialAtLeast(clientSerial, soaSerial(current.rdata))) return { kind: 'up-to-date', soa: current };
  let chain: ChangeSet[] = [];
  for await (const change of source.journal()) {
    const last = chain[chain.length - 1];
    if (last && change.fromSerial === last.toSerial) chain.push(change);
    else chain = change.fromSerial === clientSerial >>> 0 ? [change] : [];
  }
  if (chain.length === 0) return { kind: 'full' };
  const last = chain[chain.length - 1];
  const newest = findSoa(last.added, origin);
  const soa: SoaRecord = newest
    ? { ttl: newest.ttl, rdata: newest.rdata }
    : { ttl: current.ttl, rdata: withSoaSerial(current.rdata, last.toSerial) };
  const differences = (options.condense ?? true) ? [condenseChanges(origin, chain)] : chain;
  // Each RRSIG with the TTL of the RRset it covers in its version (RFC 4034 §3), as AXFR does.
  // The current version stands for the chain's last one only while it is that version: its
  // serial is checked before and after the (synchronous) look-ups.
  const atChainEnd = () => {
    const now = source.soa();
    return now !== undefined && soaSerial(now.rdata) === last.toSerial;
  };
  let changes = atChainEnd() ? coverRrsigTtls(differences, source.rrsetTtl?.bind(source)) : undefined;
  if (changes === undefined || !atChainEnd()) changes = coverRrsigTtls(differences);
  return { kind: 'incremental', soa, changes };
}

function soaRR(origin: Name, soa: SoaRecord): ResourceRecord {
  return { name: origin, type: RRType.SOA, class: RRClass.IN, ttl: soa.ttl, rdata: soa.rdata };
}

function changeSoa(
  origin: Name,
  records: readonly EventRecord[],
  serial: number,
  fallback: SoaRecord,
): ResourceRecord {
  const soa = findSoa(records, origin);
  if (soa && soaSerial(soa.rdata) === serial) return toResourceRecord(soa);
  return soaRR(origin, { ttl: fallback.ttl, rdata: withSoaSerial(fallback.rdata, serial) });
}

/**
 * The records of an incremental response in order (RFC 1995 §4): the new SOA, then per
 * difference the old SOA, the removed records, the new SOA, the added records; the new SOA last.
 */
export function* ixfrRecords(
  origin: Name,
  plan: Extract<IxfrPlan, { kind: 'incremental' }>,
): Generator<ResourceRecord> {
  yield soaRR(origin, plan.soa);
  for (const change of plan.changes) {
    yield changeSoa(origin, change.removed, change.fromSerial, plan.soa);
    for (const r of change.removed) if (!isApexSoa(r, origin)) yield toResourceRecord(r);
    yield changeSoa(origin, change.added, change.toSerial, plan.soa);
    for (const r of change.added) if (!isApexSoa(r, origin)) yield toResourceRecord(r);
  }
  yield soaRR(origin, plan.soa);
}

/** An incremental response over TCP, in as many messages as it takes. */
export async function* ixfrMessages(
  origin: Name,
  plan: Extract<IxfrPlan, { kind: 'incremental' }>,
  options: ResponseStreamOptions,
): AsyncGenerator<Uint8Array> {
  const packer = new ResponsePacker({
    id: options.id,
    question: options.question,
    maxSize: options.maxSize ?? DEFAULT_TRANSFER_MESSAGE_SIZE,
    signer: options.signer,
  });
  let count = 0;
  for (const rr of ixfrRecords(origin, plan)) {
    const done = packer.add(rr);
    if (done) yield done;
    // Let the event loop breathe on long journals.
    if (++count % 2048 === 0) await new Promise((r) => setImmediate(r));
  }
  yield packer.finish();
}

/** One message carrying only the SOA: "up to date", or over UDP "ask again over TCP" (RFC 1995 §2). */
export function singleSoaResponse(origin: Name, soa: SoaRecord, options: ResponseStreamOptions): Uint8Array {
  const packer = new ResponsePacker({
    id: options.id,
    question: options.question,
    maxSize: options.maxSize ?? 512,
    signer: options.signer,
  });
  packer.add(soaRR(origin, soa));
  return packer.finish();
}

/**
 * The IXFR answer over UDP (RFC 1995 §2): the whole incremental response when it fits in one
 * datagram of `maxSize`, else the single current SOA, which tells the client to use TCP. A full
 * transfer never goes over UDP.
 */
export function ixfrUdpResponse(
  origin: Name,
  plan: IxfrPlan,
  current: SoaRecord,
  options: ResponseStreamOptions & { maxSize: number },
  makeSigner?: () => ResponseStreamOptions['signer'],
): Uint8Array {
  if (plan.kind === 'incremental') {
    const packer = new ResponsePacker({
      id: options.id,
      question: options.question,
      maxSize: options.maxSize,
      signer: makeSigner?.(),
    });
    let fits = true;
    for (const rr of ixfrRecords(origin, plan)) {
      if (packer.add(rr)) {
        fits = false;
        break;
      }
    }
    if (fits) return packer.finish();
  }
  const soa = plan.kind === 'full' ? current : plan.soa;
  return singleSoaResponse(origin, soa, { ...options, signer: makeSigner?.() });
}

export { DEFAULT_TRANSFER_MESSAGE_SIZE };
