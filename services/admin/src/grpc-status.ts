import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import * as grpc from '@grpc/grpc-js';
import { ConcurrencyConflictError, EventStoreUnavailableError } from '@shoal/event-store';
import { KeyCommandRefusedError, KeyErrorCode, SignErrorCode, SigningRefusedError } from './dnssec/index.js';
import {
  EventTooLargeError,
  PermissionDeniedError,
  RequestCancelledError,
  SerialNotInHistoryError,
  TsigKeyExistsError,
  TsigKeyNotFoundError,
  UnauthenticatedError,
  ValidationError,
  type Violation,
  WriteContentionError,
  ZoneChangedError,
  ZoneExistsError,
  ZoneNotFoundError,
} from './errors.js';

/** The trailer gRPC's rich error model uses (google.rpc.Status, binary). */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
/** The same violations as JSON, for clients without the google.rpc types. */
export const VIOLATIONS_KEY = 'x-violations';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';
/** Trailers are limited (8 KiB by default in most clients): the first violations say enough. */
const MAX_VIOLATIONS = 50;

/** JSON with every non-ASCII character escaped: metadata values must be printable ASCII. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * google.rpc.Status { code = 1; message = 2; repeated Any details = 3 } holding one
 * google.rpc.BadRequest { repeated FieldViolation field_violations = 1 }, FieldViolation
 * { field = 1; description = 2; reason = 3 }. Written by hand: four fields do not justify
 * vendoring googleapis into the schema tree.
 */
export function encodeBadRequestStatus(
  code: number,
  message: string,
  violations: readonly Violation[],
): Uint8Array {
  const badRequest = new BinaryWriter();
  for (const v of violations) {
    badRequest
      .uint32(10)
      .fork()
      .uint32(10)
      .string(v.field)
      .uint32(18)
      .string(v.message)
      .uint32(26)
      .string(v.rule)
      .join();
  }
  const status = new BinaryWriter().uint32(8).int32(code).uint32(18).string(message);
  status.uint32(26).fork().uint32(10).string(BAD_REQUEST_TYPE).uint32(18).bytes(badRequest.finish()).join();
  return status.finish();
}

/** Reads what encodeBadRequestStatus wrote (and any google.rpc.Status with a BadRequest). */
export function decodeBadRequestStatus(bytes: Uint8Array): {
  code: number;
  message: string;
  violations: Violation[];
} {
  const out = { code: 0, message: '', violations: [] as Violation[] };
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1) out.code = r.int32();
    else if (field === 2) out.message = r.string();
    else if (field === 3) {
      const any = new BinaryReader(r.bytes());
      let typeUrl = '';
      let value: Uint8Array = new Uint8Array();
      while (any.pos < any.len) {
        const [f, w] = any.tag();
        if (f === 1) typeUrl = any.string();
        else if (f === 2) value = any.bytes();
        else any.skip(w);
      }
      if (typeUrl === BAD_REQUEST_TYPE) out.violations.push(...decodeViolations(value));
    } else r.skip(wire);
  }
  return out;
}

function decodeViolations(bytes: Uint8Array): Violation[] {
  const out: Violation[] = [];
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field !== 1) {
      r.skip(wire);
      continue;
    }
    const v = new BinaryReader(r.bytes());
    const violation: Violation = { field: '', message: '', rule: '' };
    while (v.pos < v.len) {
      const [f, w] = v.tag();
      if (f === 1) violation.field = v.string();
      else if (f === 2) violation.message = v.string();
      else if (f === 3) violation.rule = v.string();
      else v.skip(w);
    }
    out.push(violation);
  }
  return out;
}

/**
 * A signer's refusal of a key command: the key or zone is unknown (NOT_FOUND), the request is
 * invalid (INVALID_ARGUMENT), the key's state forbids it (FAILED_PRECONDITION: retiring the last
 * signing key, deleting a published key, a rollover under way); the signer's own failure is
 * UNAVAILABLE: nothing changed, and another signer (or the same one, repaired) may succeed.
 */
export function keyRefusalCode(code: KeyErrorCode): grpc.status {
  switch (code) {
    case KeyErrorCode.KEY_ERROR_CODE_NOT_FOUND:
      return grpc.status.NOT_FOUND;
    case KeyErrorCode.KEY_ERROR_CODE_INVALID:
      return grpc.status.INVALID_ARGUMENT;
    case KeyErrorCode.KEY_ERROR_CODE_FAILED_PRECONDITION:
      return grpc.status.FAILED_PRECONDITION;
    default:
      return grpc.status.UNAVAILABLE;
  }
}

/**
 * A signer's refusal to sign a signed zone's change (nothing was written): no usable key, or a
 * zone the signer cannot sign (FAILED_PRECONDITION); a signer not caught up, or failing
 * (UNAVAILABLE: retry).
 */
export function signRefusalCode(code: SignErrorCode): grpc.status {
  switch (code) {
    case SignErrorCode.SIGN_ERROR_CODE_NO_KEY:
    case SignErrorCode.SIGN_ERROR_CODE_INVALID:
      return grpc.status.FAILED_PRECONDITION;
    default:
      return grpc.status.UNAVAILABLE;
  }
}

/**
 * Maps the admin's errors to gRPC status codes. Validation failures carry their violations
 * twice: as a google.rpc.BadRequest in grpc-status-details-bin and as JSON in x-violations.
 */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  const e = err as Error;
  const details = e?.message && e.message.length > 2000 ? `${e.message.slice(0, 2000)}...` : e?.message;
  const status = (code: grpc.status) => ({ code, details, metadata });
  if (err instanceof ValidationError) {
    metadata.set(VIOLATIONS_KEY, asciiJson(err.violations.slice(0, MAX_VIOLATIONS)));
    metadata.set(
      STATUS_DETAILS_KEY,
      Buffer.from(
        encodeBadRequestStatus(
          grpc.status.INVALID_ARGUMENT,
          e.message,
          err.violations.slice(0, MAX_VIOLATIONS),
        ),
      ),
    );
    return status(grpc.status.INVALID_ARGUMENT);
  }
  if (err instanceof ZoneNotFoundError || err instanceof TsigKeyNotFoundError)
    return status(grpc.status.NOT_FOUND);
  if (err instanceof SerialNotInHistoryError) return status(grpc.status.OUT_OF_RANGE);
  if (err instanceof ZoneExistsError || err instanceof TsigKeyExistsError)
    return status(grpc.status.ALREADY_EXISTS);
  if (err instanceof UnauthenticatedError) return status(grpc.status.UNAUTHENTICATED);
  if (err instanceof PermissionDeniedError) return status(grpc.status.PERMISSION_DENIED);
  if (err instanceof EventTooLargeError) return status(grpc.status.FAILED_PRECONDITION);
  if (
    err instanceof WriteContentionError ||
    err instanceof ConcurrencyConflictError ||
    err instanceof ZoneChangedError
  ) {
    return status(grpc.status.ABORTED);
  }
  if (err instanceof RequestCancelledError) {
    return status(err.deadlineExceeded ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED);
  }
  // SignerUnavailableError (no signer answered) is an EventStoreUnavailableError: UNAVAILABLE.
  if (err instanceof EventStoreUnavailableError) return status(grpc.status.UNAVAILABLE);
  if (err instanceof KeyCommandRefusedError) return status(keyRefusalCode(err.code));
  if (err instanceof SigningRefusedError) return status(signRefusalCode(err.code));
  return { code: grpc.status.INTERNAL, details: e?.message ?? String(err), metadata };
}
