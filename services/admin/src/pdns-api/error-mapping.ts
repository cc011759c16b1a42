import * as grpc from '@grpc/grpc-js';
import { EventStoreUnavailableError } from '@shoal/event-store';
import { KeyCommandRefusedError, SigningRefusedError } from '../dnssec/index.js';
import { ValidationError, ZoneExistsError, ZoneNotFoundError } from '../errors.js';
import { keyRefusalCode, signRefusalCode } from '../grpc-status.js';
import { ApiError, HttpError } from './http-error.js';
import { pdnsMessage, type RRsetRef } from './messages.js';

/**
 * Our errors in PowerDNS's terms: 404 and 409 as bare statuses, rule violations as 422 with its
 * wording. DNSSEC refusals get the status of their gRPC code (the same classification as
 * gRPC's): NOT_FOUND 404, INVALID_ARGUMENT and FAILED_PRECONDITION 422 with the reason (PowerDNS
 * answers invalid requests with 422), UNAVAILABLE 503 (no signer answered, NATS down).
 */
export function asPdnsError(err: unknown, rrsets: readonly RRsetRef[] = []): unknown {
  if (err instanceof ZoneNotFoundError) return new HttpError(404);
  if (err instanceof ZoneExistsError) return new HttpError(409);
  if (err instanceof ValidationError) return new ApiError(pdnsMessage(err.violations[0], rrsets));
  if (err instanceof KeyCommandRefusedError) return fromGrpcCode(keyRefusalCode(err.code), err.message);
  if (err instanceof SigningRefusedError) return fromGrpcCode(signRefusalCode(err.code), err.message);
  if (err instanceof EventStoreUnavailableError) return new HttpError(503, err.message);
  return err;
}

function fromGrpcCode(code: grpc.status, message: string): HttpError | ApiError {
  if (code === grpc.status.NOT_FOUND) return new HttpError(404);
  if (code === grpc.status.UNAVAILABLE) return new HttpError(503, message);
  return new ApiError(message);
}
