export { DnssecAdmin, dnssecService, type SigningRequest, signingSettings } from './dnssec-service.js';
export { signBeforeAppend } from './sign-before-append.js';
export {
  KeyCommandRefusedError,
  KeyErrorCode,
  SignErrorCode,
  SignerClient,
  SignerUnavailableError,
  SigningRefusedError,
} from './signer-client.js';
