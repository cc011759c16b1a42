import { type ResourceRecord, RRClass, RRType, soaSerial, writeZoneLines } from '@shoal/dns-wire';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';

/**
 * The zone's records, SOA first, then every RRset in DNSSEC canonical order. One LevelDB
 * iterator (an implicit snapshot) serves the whole export, so the result is one version of
 * the zone even while events are being applied.
 */
export async function* zoneRecords(store: ZoneStore, meta: ZoneMeta): AsyncGenerator<ResourceRecord> {
  let apexKey: string | undefined;
  const apexSets: ResourceRecord[][] = [];
  let apexDone = false;
  for await (const set of store.rrsets(meta)) {
    const records = set.rdatas.map((rdata) => ({
      name: set.owner,
      type: set.type,
      class: RRClass.IN,
      ttl: set.ttl,
      rdata,
    }));
    // The apex sorts first; hold its RRsets back until the SOA is out.
    apexKey ??= set.owner.key;
    if (!apexDone && set.owner.key === apexKey) {
      apexSets.push(records);
      continue;
    }
    if (!apexDone) {
      yield* apexInOrder(apexSets);
      apexDone = true;
    }
    yield* records;
  }
  if (!apexDone) yield* apexInOrder(apexSets);
}

function* apexInOrder(sets: ResourceRecord[][]): Generator<ResourceRecord> {
  const soa = sets.find((s) => s[0]?.type === RRType.SOA);
  if (soa) yield* soa;
  for (const s of sets) if (s !== soa) yield* s;
}

export interface ExportChunk {
  text: string;
  /** The serial of the exported version (set on the first chunk only). */
  serial?: number;
}

/** The zone as zone-file text (absolute names, one record a line) in chunks of about `chunkBytes`. */
export async function* zoneFileChunks(
  store: ZoneStore,
  meta: ZoneMeta,
  chunkBytes = 64 * 1024,
): AsyncGenerator<ExportChunk> {
  let serial: number | undefined;
  let first = true;
  async function* records() {
    for await (const rr of zoneRecords(store, meta)) {
      if (serial === undefined && rr.type === RRType.SOA) serial = soaSerial(rr.rdata);
      yield rr;
    }
  }
  let text = '';
  for await (const line of writeZoneLines(records())) {
    text += line;
    if (text.length >= chunkBytes) {
      yield first ? { text, serial } : { text };
      first = false;
      text = '';
    }
  }
  if (text || first) yield first ? { text, serial } : { text };
}
