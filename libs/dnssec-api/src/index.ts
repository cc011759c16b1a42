export * from './gen/dns/dnssec/v1/dnssec.js';
export {
  DNSSEC_KEYS_BUCKET,
  SIGNER_EVENTS_PREFIX,
  SIGNER_KEYS_SUBJECT,
  SIGNER_QUEUE,
  SIGNER_SIGN_SUBJECT,
  SIGNING_BUCKET,
  SIGNING_OBJECT_TTL_NANOS,
} from './subjects.js';
