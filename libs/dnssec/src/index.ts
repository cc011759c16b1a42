export {
  Algorithm,
  algorithmFromText,
  algorithmName,
  checkAlgorithm,
  dnskeyPublicKey,
  exportPrivateKey,
  generatePrivateKey,
  importPrivateKey,
  publicKeyFromDnskey,
  SUPPORTED_ALGORITHMS,
  signData,
  verifyData,
} from './algorithm.js';
export { canonicalOrderKey, canonicalOrderKeyOfWire, floorIndex } from './canonical-key.js';
export {
  authoritativeNames,
  type ChainName,
  type ChainRecord,
  type Denial,
  denialTtl,
  Nsec3Hasher,
  nsec3Chain,
  nsec3paramRdata,
  nsecChain,
  sameParams,
} from './chain.js';
export {
  CDNSKEY_DELETE,
  CDS_DELETE,
  cdnskeyRdata,
  cdsRdata,
  DigestType,
  dsDigest,
  dsMatches,
  dsRdata,
} from './ds.js';
export {
  DnssecError,
  KeyFormatError,
  KeySealError,
  SigningError,
  UnsupportedAlgorithmError,
} from './errors.js';
export { openKey, parseKek, type SealedKey, sealKey } from './key-vault.js';
export {
  base32hex,
  base32hexDecode,
  NSEC3_OPT_OUT,
  NSEC3_SHA1,
  type Nsec3Params,
  nsec3Hash,
  nsec3HashWire,
  RFC9276_PARAMS,
} from './nsec3-hash.js';
export { DEFAULT_SIGNATURE_POLICY, denialFromSettings, type SignaturePolicy } from './policy.js';
export {
  activationTimes,
  DEFAULT_ROLLOVER_POLICY,
  decideKeys,
  isPublished,
  isSigning,
  type KeyDecision,
  type KeyState,
  type KeyTimeline,
  keyState,
  nextKeyEvent,
  planRollover,
  publishInterval,
  type RolloverAction,
  RolloverError,
  type RolloverPolicy,
  retireInterval,
  retirementTimes,
  startRollover,
} from './rollover.js';
export {
  compareBytes,
  type RRsetInput,
  rrsigLabels,
  rrsigTimes,
  signRRset,
  sortedCanonical,
  typeCovered,
  type Validity,
  verifyRRsig,
  withinValidity,
} from './rrsig.js';
export {
  dnskeyRdata,
  flagsOf,
  generateSigningKey,
  type KeyRole,
  REVOKE,
  SEP,
  type SigningKey,
  signingKey,
  type VerifyingKey,
  verifyingKey,
  ZONE_KEY,
} from './signing-key.js';
export {
  groupByRRset,
  type ModelRecord,
  type ModelRRset,
  type RecordGroup,
  rdataId,
  ZoneModel,
} from './zone-model.js';
export {
  DNSSEC_TYPES,
  isSigned,
  maintenanceDue,
  type SignInput,
  type SignResult,
  signZoneChange,
  unsignZone,
  type ZoneKeySet,
} from './zone-signer.js';
