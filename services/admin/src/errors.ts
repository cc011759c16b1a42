/** One rule a requested change breaks, reported to the client with where it is. */
export interface Violation {
  /** Which part of the request: 'rrsets[2].records[0]', 'name', ... */
  field: string;
  /** Short machine-readable rule name: 'cname-beside-data', 'out-of-zone', ... */
  rule: string;
  message: string;
}

/** The request breaks one or more rules; nothing was written. Maps to INVALID_ARGUMENT / 422. */
export class ValidationError extends Error {
  constructor(readonly violations: Violation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    this.name = 'ValidationError';
  }
}

export class ZoneNotFoundError extends Error {
  constructor(readonly zone: string) {
    super(`zone ${zone} does not exist`);
    this.name = 'ZoneNotFoundError';
  }
}

export class ZoneExistsError extends Error {
  constructor(readonly zone: string) {
    super(`zone ${zone} already exists`);
    this.name = 'ZoneExistsError';
  }
}

/** Other writers kept winning the race for the zone; the client may retry later. */
export class WriteContentionError extends Error {
  constructor(
    readonly zone: string,
    readonly attempts: number,
  ) {
    super(`zone ${zone}: gave up after ${attempts} conflicting concurrent writes`);
    this.name = 'WriteContentionError';
  }
}

export class UnauthenticatedError extends Error {
  constructor(message = 'missing or invalid credentials') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export class PermissionDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermissionDeniedError';
  }
}

/** The event a request would write is larger than one event may be (see ZoneWriter); nothing was written. */
export class EventTooLargeError extends Error {
  constructor(
    readonly zone: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `zone ${zone}: the change is ${bytes} bytes, more than the ${limit} bytes one event may hold; ` +
        'split it (zone import: mode CHUNKED)',
    );
    this.name = 'EventTooLargeError';
  }
}

/** The zone changed since the version the client based its request on (export, edit, import). */
export class ZoneChangedError extends Error {
  constructor(
    readonly zone: string,
    readonly expectedSequence: number,
    readonly actualSequence: number,
  ) {
    super(
      `zone ${zone} changed since sequence ${expectedSequence} (now at ${actualSequence}); export it again`,
    );
    this.name = 'ZoneChangedError';
  }
}

/** A serial asked for is not in the zone's journal (too old, or never existed). */
export class SerialNotInHistoryError extends Error {
  constructor(
    readonly zone: string,
    readonly serial: number,
  ) {
    super(
      `zone ${zone}: serial ${serial} is not in the zone's history (the journal keeps recent changes only)`,
    );
    this.name = 'SerialNotInHistoryError';
  }
}

export class TsigKeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`TSIG key ${key} does not exist`);
    this.name = 'TsigKeyNotFoundError';
  }
}

export class TsigKeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`TSIG key ${key} already exists`);
    this.name = 'TsigKeyExistsError';
  }
}

/** The client went away or its deadline passed before anything was written. */
export class RequestCancelledError extends Error {
  constructor(readonly deadlineExceeded: boolean) {
    super(
      deadlineExceeded ? 'deadline exceeded before the write' : 'cancelled by the client before the write',
    );
    this.name = 'RequestCancelledError';
  }
}
