import type { Denial } from './chain.js';
import { RFC9276_PARAMS } from './nsec3-hash.js';

/** How signatures are made and kept fresh. Durations are seconds. */
export interface SignaturePolicy {
  /** Lifetime of a new signature (RFC 6781 §4.4.2): 14 days. */
  validity: number;
  /** Signatures with less than this left are replaced (RFC 6781 §4.4.2.2): 5 days. */
  refresh: number;
  /**
   * Up to this much is added at random to each new signature's expiration, so that signatures
   * made together do not all expire together (RFC 6781 §4.4.2.3): 1 day.
   */
  jitter: number;
  /** Inception is set this far in the past, for validators whose clocks are behind: 1 hour. */
  inceptionOffset: number;
  /** TTL of the DNSKEY, CDS and CDNSKEY RRsets: 1 hour. */
  dnskeyTtl: number;
}

export const DEFAULT_SIGNATURE_POLICY: SignaturePolicy = Object.freeze({
  validity: 14 * 86400,
  refresh: 5 * 86400,
  jitter: 86400,
  inceptionOffset: 3600,
  dnskeyTtl: 3600,
});

/** The chain a zone should have, from its settings (RFC 9276 defaults: no iterations, no salt). */
export function denialFromSettings(settings: {
  nsec3?: boolean;
  nsec3Iterations?: number;
  nsec3Salt?: Uint8Array;
  nsec3OptOut?: boolean;
}): Denial {
  if (!settings.nsec3) return { kind: 'nsec' };
  return {
    kind: 'nsec3',
    params: {
      hashAlgorithm: RFC9276_PARAMS.hashAlgorithm,
      iterations: settings.nsec3Iterations ?? 0,
      salt: settings.nsec3Salt ?? new Uint8Array(0),
    },
    optOut: settings.nsec3OptOut ?? false,
  };
}
