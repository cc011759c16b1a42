/** Core NATS subjects of the signer role (request/reply; see proto/dns/dnssec/v1). */
export const SIGNER_SIGN_SUBJECT = 'dns.signer.sign';
export const SIGNER_KEYS_SUBJECT = 'dns.signer.keys';
/** Object Store for sign requests and replies too large for one NATS message (objects live an hour at most). */
export const SIGNING_BUCKET = 'SHOAL_SIGNING';
export const SIGNING_OBJECT_TTL_NANOS = 3600 * 1e9;
/** Queue group: each request goes to one signer of the fleet. */
export const SIGNER_QUEUE = 'signers';
/** Key events of one zone: `dns.signer.events.<zone key>` (the zone subject's token). */
export const SIGNER_EVENTS_PREFIX = 'dns.signer.events.';
/** The JetStream key-value bucket of key records (private keys sealed). */
export const DNSSEC_KEYS_BUCKET = 'DNSSEC_KEYS';
