/** A transfer ACL entry that is not an address or CIDR prefix. */
export class AclError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AclError';
  }
}

/** A transfer that could not be completed; the subclasses say why. */
export class TransferError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransferError';
  }
}

/** The primary answered with an error RCODE (REFUSED, NOTAUTH, NOTIMP, ...). */
export class TransferRefusedError extends TransferError {
  constructor(
    readonly rcode: number,
    message: string,
  ) {
    super(message);
    this.name = 'TransferRefusedError';
  }
}

/** The response stream broke the protocol (RFC 1995, RFC 5936): wrong ID, question, record order. */
export class TransferFormatError extends TransferError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransferFormatError';
  }
}

/** No (complete) answer in time, or the connection dropped. */
export class TransferTimeoutError extends TransferError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransferTimeoutError';
  }
}

/** The zone source has no SOA at its apex: nothing can be transferred. */
export class MissingSoaError extends TransferError {
  constructor(zone: string) {
    super(`zone ${zone} has no SOA at its apex`);
    this.name = 'MissingSoaError';
  }
}
