export * from './gen/dns/dnssec/v1/dnssec.js';
export {
  DNSSEC_KEYS_BUCKET,
  SIGNER_EVENTS_PREFIX,
  SIGNER_KEYS_SUBJECT,
  SIGNER_QUEUE,
  SIGNER_SIGN_SUBJECT,
} from './subjects.js';
