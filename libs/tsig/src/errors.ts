/** A TSIG record that cannot be read, or is not where RFC 8945 §5.1 wants it: answer FORMERR. */
export class TsigFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TsigFormatError';
  }
}

/** A key whose definition is unusable (unknown algorithm, bad secret). */
export class TsigKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TsigKeyError';
  }
}

/**
 * A signed exchange that failed verification on the receiving side. `code` is the TSIG error
 * (RFC 8945 §3: BADSIG 16, BADKEY 17, BADTIME 18, BADTRUNC 22), or the error the peer reported.
 */
export class TsigVerificationError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TsigVerificationError';
  }
}
