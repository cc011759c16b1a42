export { algorithmByName, parseAlgorithm, supportedAlgorithms, type TsigAlgorithm } from './algorithm.js';
export { tsigErrorAnswer } from './error-response.js';
export { TsigFormatError, TsigKeyError, TsigVerificationError } from './errors.js';
export {
  MemoryKeyring,
  makeTsigKey,
  parseTsigKeyJson,
  type TsigKey,
  type TsigKeyJson,
  type TsigKeyring,
  tsigKeyToJson,
} from './key.js';
export { DEFAULT_FUDGE, nowSeconds, type SignedMessage, type SignOptions, signMessage } from './sign.js';
export { type StreamOptions, TsigStreamSigner, TsigStreamVerifier } from './stream.js';
export {
  macMatches,
  TsigErrorCode,
  type TsigVerification,
  tsigErrorName,
  type VerifyOptions,
  verifyLocated,
  verifyMessage,
} from './verify.js';
export {
  appendTsig,
  findTsig,
  type TsigLocation,
  type TsigRecord,
  tsigRecordSize,
  unsignedMessage,
} from './wire.js';
