export * from './gen/dns/admin/v1/admin.js';
export {
  ActivateKeyRequest,
  DeleteKeyRequest,
  DnssecKey,
  DnssecKeys,
  DnssecServiceClient,
  type DnssecServiceServer,
  DnssecServiceService,
  GenerateKeyRequest,
  ListKeysRequest,
  MarkDsSeenRequest,
  RetireKeyRequest,
  RolloverKeyRequest,
  SetSigningRequest,
} from './gen/dns/admin/v1/dnssec.js';
