import type { Catalog } from '@shoal/authority';
import { decodeMessage, Opcode, type Question, Rcode } from '@shoal/dns-wire';
import type { ProjectionEffect, ZoneMeta } from '@shoal/projection';
import { errorResponse, zoneExpiredAt } from '@shoal/zone-transfer';

/**
 * The secondary zones the transfer bridge marked expired (no successful refresh for the SOA's
 * EXPIRE: RFC 1035 §4.3.5). Queries that fall into one are answered SERVFAIL, as BIND does,
 * rather than from data that may be stale; the mark travels in the zone's settings, so every
 * node stops and resumes serving the zone at the same event.
 */
export class ExpiredZones {
  readonly #expired = new Set<string>();

  constructor(private readonly catalog: Catalog) {}

  get size(): number {
    return this.#expired.size;
  }

  has(zone: string): boolean {
    return this.#expired.has(zone);
  }

  load(zones: readonly ZoneMeta[]): void {
    for (const meta of zones) this.#note(meta);
  }

  apply(effects: readonly ProjectionEffect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'zone-deleted') this.#expired.delete(effect.zone.name);
      else if (effect.kind !== 'rrset') this.#note(effect.zone);
    }
  }

  #note(meta: ZoneMeta): void {
    if (zoneExpiredAt(meta.settings) !== undefined) this.#expired.add(meta.name);
    else this.#expired.delete(meta.name);
  }

  /** SERVFAIL when the query's zone is expired; undefined otherwise (the common, fast case). */
  answer(query: Uint8Array): Uint8Array | undefined {
    if (this.#expired.size === 0) return undefined;
    let question: Question | undefined;
    let id = 0;
    let opcode: number = Opcode.QUERY;
    try {
      const message = decodeMessage(query);
      question = message.questions[0];
      id = message.id;
      opcode = message.opcode;
    } catch {
      return undefined;
    }
    if (!question) return undefined;
    const zone = this.catalog.findZone(question.name);
    if (!zone || !this.#expired.has(zone.origin.key)) return undefined;
    const out = errorResponse(id, opcode, question, Rcode.SERVFAIL);
    out[2] |= query[2] & 0x01; // RD echoed (RFC 1035 §4.1.1)
    return out;
  }
}
