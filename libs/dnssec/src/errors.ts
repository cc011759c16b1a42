/** Base of every error this package throws. */
export class DnssecError extends Error {
  override name = 'DnssecError';
}

/** An algorithm we neither sign nor validate with (RFC 8624 lists what must be supported). */
export class UnsupportedAlgorithmError extends DnssecError {
  override name = 'UnsupportedAlgorithmError';
  constructor(readonly algorithm: number) {
    super(`DNSSEC algorithm ${algorithm} is not supported`);
  }
}

/** Key material that cannot be read: a malformed DNSKEY, a private key of the wrong kind. */
export class KeyFormatError extends DnssecError {
  override name = 'KeyFormatError';
}

/** A sealed private key that the key-encryption key does not open (wrong KEK or tampered data). */
export class KeySealError extends DnssecError {
  override name = 'KeySealError';
}

/** A zone that cannot be signed as asked: no SOA, no active key, a bad NSEC3 parameter. */
export class SigningError extends DnssecError {
  override name = 'SigningError';
}
