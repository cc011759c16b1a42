/**
 * Every error this library throws derives from DnsWireError, so callers can
 * tell malformed input (answer FORMERR, reject the zone) from a bug.
 */
export class DnsWireError extends Error {
  override name = 'DnsWireError';
}

/** Bad name text, a label over 63 octets or a name over 255 octets (RFC 1035 §2.3.4). */
export class NameError extends DnsWireError {
  override name = 'NameError';
}

/** Malformed message bytes; `offset` is where the decoder gave up. */
export class WireFormatError extends DnsWireError {
  override name = 'WireFormatError';
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.offset = offset;
  }
}

/** Bad RDATA, in wire or presentation form. */
export class RdataError extends DnsWireError {
  override name = 'RdataError';
}

/** A zone file that cannot be parsed; position is 1-based. */
export class ZoneFileError extends DnsWireError {
  override name = 'ZoneFileError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The message without the position prefix. */
  readonly reason: string;

  constructor(reason: string, file: string, line: number, column: number) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}
