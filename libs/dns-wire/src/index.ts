export {
  EdnsOptionCode,
  ExtendedErrorCode,
  isRRClassText,
  isRRTypeText,
  Opcode,
  opcodeToString,
  Rcode,
  RRClass,
  RRType,
  rcodeToString,
  rrClassFromString,
  rrClassToString,
  rrTypeFromString,
  rrTypeToString,
} from './constants.js';
export type { ClientSubnet, EdnsOptionValue } from './edns.js';
export { decodeEdnsOption, encodeEdnsOption, findEdnsOption, paddingLength } from './edns.js';
export { DnsWireError, NameError, RdataError, WireFormatError, ZoneFileError } from './errors.js';
export { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from './ip-address.js';
export type { Edns, EdnsOption, Message, Question, ResourceRecord } from './message.js';
export { EDNS_DO, HeaderFlag } from './message.js';
export { decodeMessage } from './message-reader.js';
export type { HeaderFields, MessageWriterOptions, Section } from './message-writer.js';
export { ednsWireSize, encodeMessage, MessageWriter } from './message-writer.js';
export { Name } from './name.js';
export { type QueryOptions, queryMessage } from './query.js';
export type { AAAARdata, ARdata } from './rdata/address.js';
export type { CAARdata } from './rdata/caa.js';
export type { CDNSKEYRdata, DNSKEYRdata } from './rdata/dnskey.js';
export { keyTag } from './rdata/dnskey.js';
export type { CNAMERdata, DNAMERdata, NSRdata, PTRRdata } from './rdata/domain-name.js';
export type { CDSRdata, DSRdata } from './rdata/ds.js';
export type { HINFORdata } from './rdata/hinfo.js';
export type { LOCRdata } from './rdata/loc.js';
export type { MXRdata } from './rdata/mx.js';
export type { NAPTRRdata } from './rdata/naptr.js';
export type { NSECRdata } from './rdata/nsec.js';
export type { NSEC3PARAMRdata, NSEC3Rdata } from './rdata/nsec3.js';
export type { OPENPGPKEYRdata } from './rdata/openpgpkey.js';
export type { Rdata } from './rdata/rdata.js';
export {
  canonicalRdata,
  decodeRdata,
  encodeRdata,
  formatRdata,
  parseRdata,
  rdataFromText,
  rdataNames,
  rdataToText,
  rdataTypeCode,
} from './rdata/rdata.js';
export type { RRSIGRdata } from './rdata/rrsig.js';
export { signatureTimeFromText, signatureTimeToText } from './rdata/rrsig.js';
export type { SOARdata } from './rdata/soa.js';
export { soaMinimum, soaSerial, withSoaSerial } from './rdata/soa-fields.js';
export type { SRVRdata } from './rdata/srv.js';
export type { SSHFPRdata } from './rdata/sshfp.js';
export type { SvcParam } from './rdata/svc-params.js';
export { SvcParamKey } from './rdata/svc-params.js';
export type { HTTPSRdata, SVCBRdata } from './rdata/svcb.js';
export type { SMIMEARdata, TLSARdata } from './rdata/tlsa.js';
export type { TSIGRdata } from './rdata/tsig.js';
export type { SPFRdata, TXTRdata } from './rdata/txt.js';
export type { UnknownRdata } from './rdata/unknown.js';
export type { URIRdata } from './rdata/uri.js';
export type { ZONEMDRdata } from './rdata/zonemd.js';
export { recordFromText, recordToText } from './records.js';
export { serialAdd, serialCompare } from './serial.js';
export { ttlFromText } from './ttl.js';
export type { ZoneParseOptions, ZoneParseProgress } from './zone-file/options.js';
export type { ZoneWriteOptions } from './zone-file/writer.js';
export { writeZoneLines, writeZoneText } from './zone-file/writer.js';
export { parseZoneFile, parseZoneStream } from './zone-file/zone-stream.js';
export { parseZoneText } from './zone-file/zone-text.js';
