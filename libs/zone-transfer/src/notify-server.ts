import { Opcode, Rcode } from '@shoal/dns-wire';
import type { TsigKeyring } from '@shoal/tsig';
import { signMessage } from '@shoal/tsig';
import { normalizeKeyName } from './access.js';
import { compileAcl } from './acl.js';
import { parseEndpoint } from './endpoint.js';
import { AclError } from './errors.js';
import { type NotifyMessage, notifyResponse, parseNotify } from './notify.js';
import type { PeerContext } from './server.js';
import { checkRequestTsig } from './server.js';

/** What a receiver knows of a zone when a NOTIFY for it arrives. */
export interface NotifyZone {
  /** Only secondary zones take NOTIFY; others are answered REFUSED. */
  secondary: boolean;
  /** The primaries (host:port): their addresses may notify. */
  primaries: readonly string[];
  /** Extra prefixes allowed to notify (the zone's transfer ACL). */
  acl: readonly string[];
  /** Keys whose valid signature admits a NOTIFY from anywhere. */
  tsigKeys: readonly string[];
}

export interface NotifyReceived {
  zone: string;
  serial?: number;
  remote: string;
  key?: string;
}

export interface NotifyServerOptions {
  findZone(name: NotifyMessage['zone']): NotifyZone | undefined;
  keyring: TsigKeyring;
  /** Called for every accepted NOTIFY, before the answer goes out. */
  onNotify: (notify: NotifyReceived) => void;
  onRejected?: (event: { zone?: string; remote: string; rcode: number; reason: string }) => void;
  now?: () => number;
}

function hostOf(endpoint: string): string | undefined {
  try {
    return parseEndpoint(endpoint).host;
  } catch {
    return undefined;
  }
}

function sameAddress(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/^::ffff:/i, '').toLowerCase();
  return strip(a) === strip(b);
}

/**
 * Answers a NOTIFY (RFC 1996 §3.10, §4.7). A secondary accepts it from one of the zone's
 * primaries, from an address in its ACL, or signed with one of its keys; anything else is
 * REFUSED (not authoritative: NOTAUTH), so a stranger cannot make us hammer a primary. The
 * answer echoes ID and question; the accepted NOTIFY is handed to `onNotify` for a refresh.
 * Undefined when the message is not a NOTIFY request.
 */
export function answerNotify(
  query: Uint8Array,
  peer: PeerContext,
  options: NotifyServerOptions,
): Uint8Array | undefined {
  const remote = `${peer.remoteAddress}#${peer.remotePort}`;
  let notify: NotifyMessage | undefined;
  try {
    notify = parseNotify(query);
  } catch {
    const id = query.length >= 2 ? (query[0] << 8) | query[1] : 0;
    return notifyResponse({ id }, Rcode.FORMERR);
  }
  if (!notify) return undefined;
  const reject = (
    rcode: number,
    reason: string,
    signedWith?: ReturnType<typeof checkRequestTsig>['verified'],
  ) => {
    options.onRejected?.({ zone: notify.zone.key, remote, rcode, reason });
    const bytes = notifyResponse(notify, rcode, false);
    return signedWith?.key
      ? signMessage(bytes, signedWith.key, { requestMac: signedWith.requestMac }).message
      : bytes;
  };
  let tsig: ReturnType<typeof checkRequestTsig>;
  try {
    tsig = checkRequestTsig(query, options.keyring, options.now?.());
  } catch {
    return reject(Rcode.FORMERR, 'malformed TSIG');
  }
  if (tsig.failure) {
    options.onRejected?.({
      zone: notify.zone.key,
      remote,
      rcode: Rcode.NOTAUTH,
      reason: tsig.failure.reason,
    });
    return tsig.failure.answer;
  }
  const zone = options.findZone(notify.zone);
  if (!zone) return reject(Rcode.NOTAUTH, 'not a zone of ours', tsig.verified);
  if (!zone.secondary) return reject(Rcode.REFUSED, 'not a secondary zone', tsig.verified);
  const key = tsig.verified.key;
  let allowed = key !== undefined && zone.tsigKeys.some((k) => normalizeKeyName(k) === key.name.key);
  if (!allowed)
    allowed = zone.primaries.some((p) => {
      const host = hostOf(p);
      return host !== undefined && sameAddress(host, peer.remoteAddress);
    });
  if (!allowed) {
    try {
      allowed = compileAcl(zone.acl).allows(peer.remoteAddress);
    } catch (e) {
      if (!(e instanceof AclError)) throw e;
    }
  }
  if (!allowed)
    return reject(Rcode.REFUSED, 'NOTIFY from a host that is neither a primary nor allowed', tsig.verified);
  options.onNotify({ zone: notify.zone.key, serial: notify.serial, remote, key: key?.name.key });
  const ok = notifyResponse(notify, Rcode.NOERROR);
  return key ? signMessage(ok, key, { requestMac: tsig.verified.requestMac }).message : ok;
}

export function isNotifyQuery(opcode: number, qr: boolean): boolean {
  return opcode === Opcode.NOTIFY && !qr;
}
