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
