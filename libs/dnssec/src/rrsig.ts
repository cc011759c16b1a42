import { canonicalRdata, decodeRdata, type Name, RRClass, type RRSIGRdata, RRType } from '@shoal/dns-wire';
import { concat, signData, verifyData } from './algorithm.js';
import type { SigningKey, VerifyingKey } from './signing-key.js';

/** The RRset to sign or verify: records of one owner, type and class. */
export interface RRsetInput {
  owner: Name;
  type: number;
  rrClass?: number;
  /** The TTL the RRset is published with, which becomes the RRSIG's Original TTL (RFC 4034 §3.1.4). */
  ttl: number;
  rdatas: readonly Uint8Array[];
}

export interface Validity {
  /** Seconds since 1970 (the RRSIG field is that value modulo 2^32, RFC 4034 §3.1.5). */
  inception: number;
  expiration: number;
}

/** RFC 4034 §3.1.3: labels of the owner, the root and a leading `*` not counted. */
export function rrsigLabels(owner: Name): number {
  return owner.isWildcard() ? owner.labelCount - 1 : owner.labelCount;
}

/** The RRSIG RDATA for `rrset` signed by `key` (whose owner, the zone apex, is `signer`). */
export function signRRset(rrset: RRsetInput, key: SigningKey, signer: Name, validity: Validity): Uint8Array {
  const head = rrsigHead(
    rrset.type,
    key.algorithm,
    rrsigLabels(rrset.owner),
    rrset.ttl,
    validity.expiration >>> 0,
    validity.inception >>> 0,
    key.keyTag,
    signer,
  );
  const data = signatureData(head, rrset.owner, rrset, rrset.ttl);
  const signature = signData(key.algorithm, key.privateKey, data);
  // The signer name is published lowercased, as it is signed (RFC 6840 §5.1 lets validators accept any case).
  return concat([head, signature]);
}

/**
 * Checks one RRSIG over `rrset` with `key` (RFC 4035 §5.3): the fields must agree (type covered,
 * algorithm, key tag, labels no more than the owner's) and the signature must verify over the
 * canonical form. Validity times are checked against `now` when given (seconds since 1970).
 * A wildcard expansion is verified against the wildcard owner the labels field implies.
 */
export function verifyRRsig(rrset: RRsetInput, rrsig: Uint8Array, key: VerifyingKey, now?: number): boolean {
  const sig = decodeRdata(RRType.RRSIG, rrsig) as RRSIGRdata;
  if (sig.typeCovered !== rrset.type || sig.algorithm !== key.algorithm || sig.keyTag !== key.keyTag)
    return false;
  const ownerLabels = rrsigLabels(rrset.owner);
  if (sig.labels > ownerLabels) return false;
  if (now !== undefined && !withinValidity(sig, now)) return false;
  let owner = rrset.owner;
  // RFC 4035 §5.3.2: an expanded wildcard is verified as `*.` + the rightmost `labels` labels.
  if (sig.labels < owner.labelCount) owner = owner.ancestor(owner.labelCount - sig.labels).prepend('*');
  const head = rrsigHead(
    sig.typeCovered,
    sig.algorithm,
    sig.labels,
    sig.originalTtl,
    sig.expiration,
    sig.inception,
    sig.keyTag,
    sig.signerName,
  );
  const data = signatureData(head, owner, rrset, sig.originalTtl);
  return verifyData(key.algorithm, key.publicKey, data, sig.signature);
}

/** RFC 4034 §3.1.5: serial-number arithmetic modulo 2^32 around `now`. */
export function withinValidity(sig: { inception: number; expiration: number }, now: number): boolean {
  const n = now >>> 0;
  return serialLte(sig.inception, n) && serialLte(n, sig.expiration);
}

function serialLte(a: number, b: number): boolean {
  return a === b || (b - a) >>> 0 < 0x80000000;
}

/** The fixed fields of an RRSIG RDATA and its signer name: the RDATA before the signature. */
function rrsigHead(
  typeCovered: number,
  algorithm: number,
  labels: number,
  originalTtl: number,
  expiration: number,
  inception: number,
  keyTag: number,
  signer: Name,
): Uint8Array {
  const fixed = new Uint8Array(18);
  const view = new DataView(fixed.buffer);
  view.setUint16(0, typeCovered);
  fixed[2] = algorithm;
  fixed[3] = labels;
  view.setUint32(4, originalTtl >>> 0);
  view.setUint32(8, expiration >>> 0);
  view.setUint32(12, inception >>> 0);
  view.setUint16(16, keyTag);
  // The signer name in canonical form: RRSIG_RDATA as RFC 4034 §3.1.8.1 signs it.
  return concat([fixed, signer.toCanonicalWire()]);
}

/**
 * RFC 4034 §3.1.8.1: RRSIG_RDATA | RR(1) | RR(2) ..., each RR in canonical form (owner
 * lowercased, original TTL, canonical RDATA), sorted by canonical RDATA, duplicates removed.
 */
function signatureData(head: Uint8Array, owner: Name, rrset: RRsetInput, originalTtl: number): Uint8Array {
  const ownerWire = owner.toCanonicalWire();
  const rrClass = rrset.rrClass ?? RRClass.IN;
  const rdatas = sortedCanonical(rrset.type, rrset.rdatas);
  const parts: Uint8Array[] = [head];
  for (const rdata of rdatas) {
    const fixed = new Uint8Array(10);
    const view = new DataView(fixed.buffer);
    view.setUint16(0, rrset.type);
    view.setUint16(2, rrClass);
    view.setUint32(4, originalTtl >>> 0);
    view.setUint16(8, rdata.length);
    parts.push(ownerWire, fixed, rdata);
  }
  return concat(parts);
}

/** Canonical RDATAs in canonical order (RFC 4034 §6.3), duplicates dropped. */
export function sortedCanonical(type: number, rdatas: readonly Uint8Array[]): Uint8Array[] {
  const canonical = rdatas.map((rdata) => canonicalRdata(type, rdata));
  canonical.sort(compareBytes);
  const out: Uint8Array[] = [];
  for (const rdata of canonical) {
    if (out.length === 0 || compareBytes(out[out.length - 1], rdata) !== 0) out.push(rdata);
  }
  return out;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The type an RRSIG RDATA covers: its first two octets. */
export function typeCovered(rrsig: Uint8Array): number {
  return (rrsig[0] << 8) | rrsig[1];
}

/** Key tag and expiration of an RRSIG RDATA, read without decoding the rest. */
export function rrsigTimes(rrsig: Uint8Array): {
  inception: number;
  expiration: number;
  keyTag: number;
  algorithm: number;
} {
  const view = new DataView(rrsig.buffer, rrsig.byteOffset, rrsig.byteLength);
  return {
    algorithm: rrsig[2],
    expiration: view.getUint32(8),
    inception: view.getUint32(12),
    keyTag: view.getUint16(16),
  };
}
