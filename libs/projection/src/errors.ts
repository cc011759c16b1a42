/** The store's data cannot be read as this version wrote it: rebuild it from the stream. */
export class StoreCorruptError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreCorruptError';
  }
}

/** An event was delivered out of order (below or at the applied position, or with a gap). */
export class OutOfOrderEventError extends Error {
  constructor(
    readonly appliedSequence: number,
    readonly sequence: number,
  ) {
    super(`event ${sequence} delivered after applied position ${appliedSequence}`);
    this.name = 'OutOfOrderEventError';
  }
}

/** A checkpoint stream is truncated or not in the expected format. */
export class CheckpointFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFormatError';
  }
}
