import { type Name, type ResourceRecord, RRClass, RRType } from '@shoal/dns-wire';
import { MissingSoaError } from './errors.js';
import { type MessageSigner, ResponsePacker } from './packer.js';
import type { TransferRRset } from './records.js';
import { ownerRecords } from './rrsig-ttl.js';
import type { ZoneSource } from './source.js';

export interface ResponseStreamOptions {
  id: number;
  /** The question as the client asked it (its case is echoed). */
  question: { name: Name; type: number; class: number };
  /** Per message; RFC 5936 allows 65535. Default 16 KiB: smaller messages interleave better. */
  maxSize?: number;
  signer?: MessageSigner;
}

export const DEFAULT_TRANSFER_MESSAGE_SIZE = 16_384;

/**
 * The messages of an AXFR response (RFC 5936 §2.2): the SOA, every other record, the SOA
 * again. Records are read from the source as they are sent, in the source's batches when it
 * has them, so memory stays at one message, one batch and one owner name's RRsets however
 * large the zone; the source's iteration is one consistent version (a LevelDB snapshot), so a
 * change applied meanwhile is never half in the transfer. The RRsets of each owner name are
 * gathered before they are sent so that every RRSIG goes out with the TTL of the RRset it
 * covers (RFC 4034 §3), whatever TTL the source keeps for the owner's RRSIGs.
 */
export async function* axfrMessages(
  origin: Name,
  source: ZoneSource,
  options: ResponseStreamOptions,
): AsyncGenerator<Uint8Array> {
  const packer = new ResponsePacker({
    id: options.id,
    question: options.question,
    maxSize: options.maxSize ?? DEFAULT_TRANSFER_MESSAGE_SIZE,
    signer: options.signer,
  });
  let soa: ResourceRecord | undefined;
  let group: TransferRRset[] = [];
  let done: Uint8Array | undefined;
  // The first read opens the source's iteration: its snapshot is the version this transfer sends.
  for await (const batch of batchesOf(source)) {
    for (const set of batch) {
      if (group.length > 0 && !set.owner.equals(group[0].owner)) {
        // One owner's RRsets are complete. The first owner is the apex: its SOA opens the transfer.
        const apex = soa === undefined;
        if (apex) {
          soa = apexSoa(origin, group);
          if ((done = packer.add(soa))) yield done;
        }
        for (const rr of ownerRecords(group)) {
          if (apex && rr.type === RRType.SOA) continue;
          if ((done = packer.add(rr))) yield done;
        }
        group = [];
      }
      group.push(set);
    }
  }
  const apex = soa === undefined;
  if (apex) {
    soa = apexSoa(origin, group);
    if ((done = packer.add(soa))) yield done;
  }
  for (const rr of ownerRecords(group)) {
    if (apex && rr.type === RRType.SOA) continue;
    if ((done = packer.add(rr))) yield done;
  }
  if ((done = packer.add(soa!))) yield done;
  yield packer.finish();
}

/** The SOA record of the apex, from the apex's RRsets (the first owner of the source). */
function apexSoa(origin: Name, apex: readonly TransferRRset[]): ResourceRecord {
  const soaSet =
    apex.length > 0 && apex[0].owner.equals(origin) ? apex.find((s) => s.type === RRType.SOA) : undefined;
  if (!soaSet || soaSet.rdatas.length === 0) throw new MissingSoaError(origin.toString());
  return {
    name: soaSet.owner,
    type: RRType.SOA,
    class: RRClass.IN,
    ttl: soaSet.ttl,
    rdata: soaSet.rdatas[0],
  };
}

/** The source's RRsets in batches: its own when it has them, else one RRset at a time. */
async function* batchesOf(source: ZoneSource): AsyncGenerator<readonly TransferRRset[]> {
  if (source.rrsetBatches) {
    yield* source.rrsetBatches();
    return;
  }
  for await (const set of source.rrsets()) yield [set];
}

/**
 * The records of one RRset with its TTL. For RRSIGs this is the TTL the source keeps for them;
 * `ownerRecords` (the records of all of an owner's RRsets) gives each RRSIG its covered RRset's.
 */
export function* recordsOf(set: TransferRRset): Generator<ResourceRecord> {
  for (const rdata of set.rdatas)
    yield { name: set.owner, type: set.type, class: RRClass.IN, ttl: set.ttl, rdata };
}
