import { type Name, type ResourceRecord, RRClass, RRType } from '@shoal/dns-wire';
import { MissingSoaError } from './errors.js';
import { type MessageSigner, ResponsePacker } from './packer.js';
import type { TransferRRset } from './records.js';
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
 * again. Records are read from the source as they are sent, so memory stays at one message
 * plus the apex RRsets however large the zone; the source's iteration is one consistent
 * version (a LevelDB snapshot), so a change applied meanwhile is never half in the transfer.
 */
export async function* axfrMessages(
  origin: Name,
  source: ZoneSource,
  options: ResponseStreamOptions,
): AsyncGenerator<Uint8Array> {
  // Open the iteration first: its snapshot is the version of the zone this transfer sends.
  const iterator = source.rrsets()[Symbol.asyncIterator]();
  try {
    const apex: TransferRRset[] = [];
    let next = await iterator.next();
    while (!next.done && next.value.owner.equals(origin)) {
      apex.push(next.value);
      next = await iterator.next();
    }
    const soaSet = apex.find((s) => s.type === RRType.SOA);
    if (!soaSet || soaSet.rdatas.length === 0) throw new MissingSoaError(origin.toString());
    const soa: ResourceRecord = {
      name: soaSet.owner,
      type: RRType.SOA,
      class: RRClass.IN,
      ttl: soaSet.ttl,
      rdata: soaSet.rdatas[0],
    };
    const packer = new ResponsePacker({
      id: options.id,
      question: options.question,
      maxSize: options.maxSize ?? DEFAULT_TRANSFER_MESSAGE_SIZE,
      signer: options.signer,
    });
    let done = packer.add(soa);
    if (done) yield done;
    for (const set of apex) {
      if (set.type === RRType.SOA) continue;
      for (const rr of recordsOf(set)) if ((done = packer.add(rr))) yield done;
    }
    while (!next.done) {
      for (const rr of recordsOf(next.value)) if ((done = packer.add(rr))) yield done;
      next = await iterator.next();
    }
    if ((done = packer.add(soa))) yield done;
    yield packer.finish();
  } finally {
    await iterator.return?.();
  }
}

export function* recordsOf(set: TransferRRset): Generator<ResourceRecord> {
  for (const rdata of set.rdatas)
    yield { name: set.owner, type: set.type, class: RRClass.IN, ttl: set.ttl, rdata };
}
