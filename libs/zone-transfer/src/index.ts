export {
  type AccessDecision,
  decideTransferAccess,
  normalizeKeyName,
  type TransferPolicy,
} from './access.js';
export { Acl, type CidrBlock, compileAcl, parseCidr } from './acl.js';
export {
  axfrMessages,
  DEFAULT_TRANSFER_MESSAGE_SIZE,
  type ResponseStreamOptions,
  recordsOf,
} from './axfr.js';
export {
  type ClientOptions,
  networkTransport,
  type PullOptions,
  type PullResult,
  pullIncremental,
  pullZone,
  querySoa,
  type TransferTransport,
} from './client.js';
export { condenseChanges } from './condense.js';
export { diffZone } from './diff.js';
export { type Endpoint, EndpointError, formatEndpoint, parseEndpoint } from './endpoint.js';
export {
  AclError,
  MissingSoaError,
  TransferError,
  TransferFormatError,
  TransferRefusedError,
  TransferTimeoutError,
} from './errors.js';
export {
  type IxfrPlan,
  type IxfrPlanOptions,
  ixfrMessages,
  ixfrRecords,
  ixfrUdpResponse,
  planIxfr,
  type SoaRecord,
  singleSoaResponse,
} from './ixfr.js';
export {
  KvKeyring,
  type KvKeyringOptions,
  openBucket,
  TSIG_KEYS_BUCKET,
  tsigKvKey,
  watchKeyringUntilAvailable,
} from './kv-keyring.js';
export { MemoryZoneSource } from './memory-source.js';
export { buildNotify, type NotifyMessage, notifyAckRcode, notifyResponse, parseNotify } from './notify.js';
export {
  answerNotify,
  isNotifyQuery,
  type NotifyReceived,
  type NotifyServerOptions,
  type NotifyZone,
} from './notify-server.js';
export { errorResponse, type MessageSigner, type PackerOptions, ResponsePacker } from './packer.js';
export { TransferParser, type TransferResult } from './parser.js';
export {
  findSoa,
  isApexSoa,
  recordIdentity,
  soaRecordSerial,
  type TransferRRset,
  toEventRecord,
  toResourceRecord,
} from './records.js';
export { parseTransferRequest, peekQuery, type QueryPeek, type TransferRequest } from './request.js';
export {
  coverRrsigTtls,
  ownerRecords,
  type RRsetTtlLookup,
  rrsetsByOwner,
  rrsigCoveredType,
} from './rrsig-ttl.js';
export { serialAtLeast, serialGreater, serialLess } from './serial.js';
export {
  answerTransfer,
  checkRequestTsig,
  isTransferQuery,
  type PeerContext,
  type TransferEvent,
  type TransferReply,
  type TransferServerOptions,
  type TransferZone,
} from './server.js';
export { answerSignedQuery, type SignedQueryOptions } from './signed-query.js';
export { type SoaTimers, soaMname, soaTimers } from './soa.js';
export type { ZoneSource } from './source.js';
export {
  APPLIED_SUBJECT_PREFIX,
  APPLIED_SUBJECT_WILDCARD,
  appliedSubject,
  NOTIFY_SUBJECT,
  REFRESH_SUBJECT,
} from './subjects.js';
export { type TcpExchangeOptions, tcpMessages } from './tcp-transport.js';
export {
  DEFAULT_REFRESH_BOUNDS,
  expiresAtMs,
  isExpired,
  nextCheckDelayMs,
  type RefreshBounds,
  type RefreshState,
} from './timers.js';
export { udpExchange } from './udp-transport.js';
export {
  EXPIRED_METADATA_KIND,
  isSecondaryZone,
  transferPolicyOf,
  withZoneExpiry,
  zoneExpiredAt,
} from './zone-state.js';
