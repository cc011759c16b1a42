import { createHash } from 'node:crypto';
import { encodeRdata, keyTag, type Name } from '@shoal/dns-wire';
import { concat } from './algorithm.js';
import { DnssecError } from './errors.js';

/** DS digest types (IANA): SHA-256 (RFC 4509) is what we publish; SHA-384 (RFC 6605) is accepted. */
export const DigestType = { SHA256: 2, SHA384: 4 } as const;

/** RFC 4034 §5.1.4: digest = H(owner name in canonical form | DNSKEY RDATA). */
export function dsDigest(
  owner: Name,
  dnskey: Uint8Array,
  digestType: number = DigestType.SHA256,
): Uint8Array {
  const hash =
    digestType === DigestType.SHA256 ? 'sha256' : digestType === DigestType.SHA384 ? 'sha384' : undefined;
  if (hash === undefined) throw new DnssecError(`DS digest type ${digestType} is not supported`);
  const digest = createHash(hash)
    .update(concat([owner.toCanonicalWire(), dnskey]))
    .digest();
  return new Uint8Array(digest);
}

function algorithmOf(dnskey: Uint8Array): number {
  return dnskey[3];
}

/** The DS RDATA the parent publishes for `dnskey` at `owner`. */
export function dsRdata(owner: Name, dnskey: Uint8Array, digestType: number = DigestType.SHA256): Uint8Array {
  return encodeRdata({
    type: 'DS',
    keyTag: keyTag(dnskey),
    algorithm: algorithmOf(dnskey),
    digestType,
    digest: dsDigest(owner, dnskey, digestType),
  });
}

/** CDS (RFC 7344 §3.1): the DS the child wants its parent to publish, in the child zone. */
export function cdsRdata(
  owner: Name,
  dnskey: Uint8Array,
  digestType: number = DigestType.SHA256,
): Uint8Array {
  return encodeRdata({
    type: 'CDS',
    keyTag: keyTag(dnskey),
    algorithm: algorithmOf(dnskey),
    digestType,
    digest: dsDigest(owner, dnskey, digestType),
  });
}

/** CDNSKEY (RFC 7344 §3.2): the DNSKEY the parent should make a DS of; same RDATA as DNSKEY. */
export function cdnskeyRdata(dnskey: Uint8Array): Uint8Array {
  return dnskey.slice();
}

/** RFC 8078 §4: the CDS and CDNSKEY that ask the parent to remove every DS (go insecure). */
export const CDS_DELETE = Uint8Array.of(0, 0, 0, 0, 0);
export const CDNSKEY_DELETE = Uint8Array.of(0, 0, 3, 0, 0);

/** Does `ds` (DS RDATA) name `dnskey` at `owner`? */
export function dsMatches(owner: Name, ds: Uint8Array, dnskey: Uint8Array): boolean {
  if (ds.length < 5) return false;
  const tag = (ds[0] << 8) | ds[1];
  if (tag !== keyTag(dnskey) || ds[2] !== algorithmOf(dnskey)) return false;
  try {
    const digest = dsDigest(owner, dnskey, ds[3]);
    return Buffer.compare(Buffer.from(digest), Buffer.from(ds.subarray(4))) === 0;
  } catch {
    return false;
  }
}
