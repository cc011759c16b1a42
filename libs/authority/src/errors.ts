/** Base class of the errors this library throws, so callers can tell misuse from a bug. */
export class AuthorityError extends Error {
  override name = 'AuthorityError';
}

/** A record whose owner lies outside the zone it was given to, or of a class the zone does not hold. */
export class OutOfZoneError extends AuthorityError {
  override name = 'OutOfZoneError';
}
