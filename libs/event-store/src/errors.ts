/** Another writer appended to the zone since the state we validated against. Re-read and retry. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly subject: string,
    readonly expectedLastSubjectSequence: number,
    options?: ErrorOptions,
  ) {
    super(`concurrent write on ${subject}: expected last sequence ${expectedLastSubjectSequence}`, options);
    this.name = 'ConcurrencyConflictError';
  }
}

/** The stream could not be reached or did not acknowledge in time; the write may or may not have landed. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
