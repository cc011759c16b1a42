import { Rcode } from '@shoal/dns-wire';
import type { TsigKey } from '@shoal/tsig';
import { compileAcl } from './acl.js';
import { AclError } from './errors.js';

/** Who may transfer a zone: its settings' transfer_acl and tsig_keys. */
export interface TransferPolicy {
  transferAcl: readonly string[];
  tsigKeys: readonly string[];
}

export type AccessDecision =
  | { allowed: true; via: 'acl' | 'tsig' }
  | { allowed: false; rcode: number; reason: string };

/** `xfr.key`, `xfr.key.` and `XFR.Key.` name the same key. */
export function normalizeKeyName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/**
 * Security by default: a transfer is allowed when the client's address is in the zone's
 * transfer ACL, or when the request carries a valid TSIG (already verified) made with one of
 * the zone's keys. With neither configured nobody may transfer: REFUSED (RFC 5936 §6 leaves
 * the policy to the operator; an open zone must be configured as 0.0.0.0/0 and ::/0).
 */
export function decideTransferAccess(
  policy: TransferPolicy,
  remoteAddress: string,
  verifiedKey?: TsigKey,
): AccessDecision {
  if (verifiedKey && policy.tsigKeys.some((k) => normalizeKeyName(k) === verifiedKey.name.key)) {
    return { allowed: true, via: 'tsig' };
  }
  try {
    if (compileAcl(policy.transferAcl).allows(remoteAddress)) return { allowed: true, via: 'acl' };
  } catch (e) {
    if (!(e instanceof AclError)) throw e;
    return { allowed: false, rcode: Rcode.REFUSED, reason: `transfer ACL unusable: ${e.message}` };
  }
  if (verifiedKey) {
    return {
      allowed: false,
      rcode: Rcode.REFUSED,
      reason: `key ${verifiedKey.name} may not transfer this zone`,
    };
  }
  if (policy.transferAcl.length === 0 && policy.tsigKeys.length === 0) {
    return { allowed: false, rcode: Rcode.REFUSED, reason: 'no transfer ACL and no TSIG key configured' };
  }
  return { allowed: false, rcode: Rcode.REFUSED, reason: `${remoteAddress} is not allowed to transfer` };
}
