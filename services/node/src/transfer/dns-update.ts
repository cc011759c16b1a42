import {
  DnsWireError,
  decodeMessage,
  type Message,
  Name,
  Opcode,
  Rcode,
  type ResourceRecord,
  RRClass,
  RRType,
} from '@shoal/dns-wire';
import { type DnsUpdateReply, type DnsUpdateRequest, ZoneKind, type ZoneSettings } from '@shoal/events';
import { findTsig, signMessage, TsigFormatError, type TsigKeyring, unsignedMessage } from '@shoal/tsig';
import { checkRequestTsig, compileAcl, errorResponse } from '@shoal/zone-transfer';
import type { QueryContext } from '../frontend/index.js';

/** PowerDNS's metadata kinds for who may update a zone (so its tools keep working). */
export const TSIG_ALLOW_DNSUPDATE = 'TSIG-ALLOW-DNSUPDATE';
export const ALLOW_DNSUPDATE_FROM = 'ALLOW-DNSUPDATE-FROM';
/** On a secondary zone: pass allowed updates on to its primary (PowerDNS's kind, too). */
export const FORWARD_DNSUPDATE = 'FORWARD-DNSUPDATE';

export interface UpdateDeps {
  zoneSettings(zone: Name): ZoneSettings | undefined;
  keyring: TsigKeyring;
  /** Sends the checked UPDATE to the admins; rejects when none answers. */
  forward(request: DnsUpdateRequest): Promise<DnsUpdateReply>;
  /** Sends the UPDATE as it came (TSIG and all) to a primary over TCP; its reply as it came. */
  forwardToPrimary(query: Uint8Array, primaries: readonly string[]): Promise<Uint8Array>;
  /** Waits until this node serves the given stream sequence (false on timeout). */
  applied(sequence: number): Promise<boolean>;
  onRefused?: (event: { zone: string; client: string; rcode: number; reason: string }) => void;
}

/**
 * Answers a DNS UPDATE (RFC 2136): the TSIG is checked (RFC 8945), then the zone and the
 * zone's update policy, all here; the prerequisites and updates are applied by an admin, which
 * alone may append (UpdateDeps.forward). The reply waits until this node serves the change, so
 * a client that queries this node next sees it. Updates are off for a zone until its metadata
 * allows them: TSIG-ALLOW-DNSUPDATE names the keys that may, ALLOW-DNSUPDATE-FROM the client
 * prefixes; with both, a client needs both.
 */
export async function answerUpdate(
  query: Uint8Array,
  ctx: QueryContext,
  deps: UpdateDeps,
): Promise<Uint8Array | null> {
  let check: ReturnType<typeof checkRequestTsig>;
  let message: Message;
  try {
    const location = findTsig(query);
    check = checkRequestTsig(query, deps.keyring);
    if (check.failure) return check.failure.answer;
    message = decodeMessage(location ? unsignedMessage(query, location) : query);
  } catch (e) {
    // Unreadable, or a TSIG record that cannot be parsed: FORMERR (RFC 2136 §3.8, RFC 8945 §5.1).
    if (!(e instanceof DnsWireError) && !(e instanceof TsigFormatError)) throw e;
    return reply(query, undefined, Rcode.FORMERR);
  }
  const { key, requestMac } = check.verified;
  const answer = (rcode: number, reason = '') => {
    if (rcode !== Rcode.NOERROR)
      deps.onRefused?.({
        zone: message.questions[0]?.name.toString() ?? '',
        client: ctx.remoteAddress,
        rcode,
        reason,
      });
    const body = reply(query, message, rcode);
    return key ? signMessage(body, key, { requestMac }).message : body;
  };
  // §3.1.1: one zone, named with type SOA.
  const zoneSection = message.questions;
  if (zoneSection.length !== 1 || zoneSection[0].type !== RRType.SOA)
    return answer(Rcode.FORMERR, 'zone section');
  if (zoneSection[0].class !== RRClass.IN) return answer(Rcode.NOTAUTH, 'class');
  const zone = zoneSection[0].name;
  const settings = deps.zoneSettings(zone);
  if (!settings) return answer(Rcode.NOTAUTH, 'not a zone here');
  // A copy pulled from elsewhere is changed at its primary: forwarded there when the zone says
  // so (RFC 2136 §6), after the same policy check as for our own zones, else refused.
  const secondary =
    settings.kind === ZoneKind.ZONE_KIND_SECONDARY || settings.kind === ZoneKind.ZONE_KIND_CONSUMER;
  if (secondary && !settings.metadata[FORWARD_DNSUPDATE]) return answer(Rcode.REFUSED, 'secondary zone');
  const keys = settings.metadata[TSIG_ALLOW_DNSUPDATE]?.values ?? [];
  const from = settings.metadata[ALLOW_DNSUPDATE_FROM]?.values ?? [];
  if (keys.length === 0 && from.length === 0) return answer(Rcode.REFUSED, 'updates not allowed');
  if (keys.length > 0) {
    const allowed = key !== undefined && keys.some((k) => sameName(k, key.name.toString()));
    if (!allowed) return answer(Rcode.REFUSED, key ? `key ${key.name} not allowed` : 'TSIG required');
  }
  if (from.length > 0) {
    let inside = false;
    try {
      inside = compileAcl(from).allows(ctx.remoteAddress);
    } catch {
      inside = false;
    }
    if (!inside) return answer(Rcode.REFUSED, 'client address not allowed');
  }
  if (secondary) {
    try {
      // The request's own signature goes along; the primary signs its reply with the same key.
      return await deps.forwardToPrimary(query, settings.primaries);
    } catch (e) {
      return answer(Rcode.SERVFAIL, `no primary answered: ${(e as Error).message}`);
    }
  }
  const toRecord = (r: ResourceRecord) => ({
    owner: r.name.toWire(),
    type: r.type,
    rrClass: r.class,
    ttl: r.ttl,
    rdata: r.rdata,
  });
  let result: DnsUpdateReply;
  try {
    result = await deps.forward({
      zone: zone.key,
      prerequisites: message.answers.map(toRecord),
      updates: message.authorities.map(toRecord),
      actor: key ? `tsig:${key.name}` : `address:${ctx.remoteAddress}`,
    });
  } catch (e) {
    return answer(Rcode.SERVFAIL, `no admin answered: ${(e as Error).message}`);
  }
  if (result.rcode === Rcode.NOERROR && result.sequence > 0) await deps.applied(result.sequence);
  return answer(result.rcode, result.reason);
}

function sameName(a: string, b: string): boolean {
  try {
    return Name.parse(a.endsWith('.') ? a : `${a}.`).equals(Name.parse(b.endsWith('.') ? b : `${b}.`));
  } catch {
    return false;
  }
}

/** The response: the request's ID and zone section, no records (RFC 2136 §3.8). */
function reply(query: Uint8Array, message: Message | undefined, rcode: number): Uint8Array {
  return errorResponse((query[0] << 8) | query[1], Opcode.UPDATE, message?.questions[0], rcode);
}
