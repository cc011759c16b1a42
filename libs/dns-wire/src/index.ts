export {
  EdnsOptionCode,
  ExtendedErrorCode,
  isRRClassText,
  isRRTypeText,
  Opcode,
  opcodeToString,
  RRClass,
  RRType,
  Rcode,
  rcodeToString,
  rrClassFromString,
  rrClassToString,
  rrTypeFromString,
  rrTypeToString,
} from './constants.js';
export { DnsWireError, NameError, RdataError, WireFormatError, ZoneFileError } from './errors.js';
export { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from './ip-address.js';
export type { Edns, EdnsOption, Message, Question, ResourceRecord } from './message.js';
export { EDNS_DO, HeaderFlag } from './message.js';
export { decodeMessage } from './message-reader.js';
export type { HeaderFields, MessageWriterOptions, Section } from './message-writer.js';
export { encodeMessage, ednsWireSize, MessageWriter } from './message-writer.js';
export { Name } from './name.js';
export type { AAAARdata, ARdata } from './rdata/address.js';
export type { CNAMERdata, DNAMERdata, NSRdata, PTRRdata } from './rdata/domain-name.js';
export type { MXRdata } from './rdata/mx.js';
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
export type { SOARdata } from './rdata/soa.js';
export { soaMinimum, soaSerial, withSoaSerial } from './rdata/soa-fields.js';
export type { SPFRdata, TXTRdata } from './rdata/txt.js';
export type { UnknownRdata } from './rdata/unknown.js';
export { recordFromText, recordToText } from './records.js';
export { serialAdd, serialCompare } from './serial.js';
export { ttlFromText } from './ttl.js';
export type { ZoneParseOptions, ZoneParseProgress } from './zone-file/options.js';
export { parseZoneText } from './zone-file/zone-text.js';
