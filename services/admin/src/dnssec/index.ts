export { dnssecService } from './dnssec-service.js';
export { signBeforeAppend } from './sign-before-append.js';
export { SignerClient, SignerUnavailableError, SigningRefusedError } from './signer-client.js';
