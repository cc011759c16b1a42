import * as grpc from '@grpc/grpc-js';
import test from 'ava';
import {
  KeyCommandRefusedError,
  KeyErrorCode,
  SignErrorCode,
  SignerUnavailableError,
  SigningRefusedError,
} from './dnssec/index.js';
import {
  EventTooLargeError,
  RequestCancelledError,
  ValidationError,
  ZoneChangedError,
  ZoneNotFoundError,
} from './errors.js';
import { asciiJson, decodeBadRequestStatus, encodeBadRequestStatus, toServiceError } from './grpc-status.js';

const violations = [
  {
    field: 'rrsets[0]',
    rule: 'cname-beside-data',
    message: 'www would have a CNAME beside other data (RFC 1034 §3.6.2)',
  },
  { field: 'rrsets[1].ttl', rule: 'ttl-range', message: 'TTL -1 is outside 0..2147483647' },
];

test('google.rpc.Status with a BadRequest round-trips', (t) => {
  const bytes = encodeBadRequestStatus(3, 'bad', violations);
  t.deepEqual(decodeBadRequestStatus(bytes), { code: 3, message: 'bad', violations });
});

test('validation errors carry their violations in grpc-status-details-bin and x-violations (ASCII JSON)', (t) => {
  const s = toServiceError(new ValidationError(violations));
  t.is(s.code, grpc.status.INVALID_ARGUMENT);
  const bin = s.metadata!.get('grpc-status-details-bin')[0] as Buffer;
  t.deepEqual(decodeBadRequestStatus(bin).violations, violations);
  const json = String(s.metadata!.get('x-violations')[0]);
  t.regex(json, /^[\x20-\x7e]*$/);
  t.deepEqual(JSON.parse(json), violations);
  t.is(asciiJson('§'), '"\\u00a7"');
});

test('each error class has its status code', (t) => {
  t.is(toServiceError(new ZoneNotFoundError('x.')).code, grpc.status.NOT_FOUND);
  t.is(toServiceError(new EventTooLargeError('x.', 2, 1)).code, grpc.status.FAILED_PRECONDITION);
  t.is(toServiceError(new ZoneChangedError('x.', 1, 2)).code, grpc.status.ABORTED);
  t.is(toServiceError(new RequestCancelledError(true)).code, grpc.status.DEADLINE_EXCEEDED);
  t.is(toServiceError(new RequestCancelledError(false)).code, grpc.status.CANCELLED);
  t.is(toServiceError(new Error('boom')).code, grpc.status.INTERNAL);
});

test('DNSSEC errors have their own codes, with the reason, never UNKNOWN or INTERNAL', (t) => {
  const cases: [Error, grpc.status][] = [
    [new SignerUnavailableError('no signer answered on dns.signer.keys: 503'), grpc.status.UNAVAILABLE],
    [
      new KeyCommandRefusedError('zone keys.test. has no key 4711', KeyErrorCode.KEY_ERROR_CODE_NOT_FOUND),
      grpc.status.NOT_FOUND,
    ],
    [
      new KeyCommandRefusedError('unsupported DNSSEC algorithm 7', KeyErrorCode.KEY_ERROR_CODE_INVALID),
      grpc.status.INVALID_ARGUMENT,
    ],
    [
      new KeyCommandRefusedError(
        'key ab12 is the last ZSK signing the zone',
        KeyErrorCode.KEY_ERROR_CODE_FAILED_PRECONDITION,
      ),
      grpc.status.FAILED_PRECONDITION,
    ],
    [
      new KeyCommandRefusedError('bucket unavailable', KeyErrorCode.KEY_ERROR_CODE_INTERNAL),
      grpc.status.UNAVAILABLE,
    ],
    [
      new SigningRefusedError('signer: zone x. has no usable key', SignErrorCode.SIGN_ERROR_CODE_NO_KEY),
      grpc.status.FAILED_PRECONDITION,
    ],
    [
      new SigningRefusedError(
        'signer: zone x. is unknown to the signer',
        SignErrorCode.SIGN_ERROR_CODE_INVALID,
      ),
      grpc.status.FAILED_PRECONDITION,
    ],
    [
      new SigningRefusedError('signer: projection is behind', SignErrorCode.SIGN_ERROR_CODE_NOT_READY),
      grpc.status.UNAVAILABLE,
    ],
    [
      new SigningRefusedError(
        'signer: the sealed key does not open with this key-encryption key',
        SignErrorCode.SIGN_ERROR_CODE_INTERNAL,
      ),
      grpc.status.UNAVAILABLE,
    ],
  ];
  for (const [error, code] of cases) {
    const s = toServiceError(error);
    t.is(s.code, code, `${error.name}: ${error.message}`);
    t.is(s.details, error.message, 'the reason travels as the details');
  }
});
