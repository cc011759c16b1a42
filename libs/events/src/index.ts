export { CURRENT_SCHEMA_VERSION, decodeEvent, encodeEvent, UnsupportedEventError } from './event-codec.js';
export { EventPartError, encodeEventParts, joinEventParts } from './event-parts.js';
export {
  ChangeSet,
  Comment,
  DnssecSettings,
  Event,
  EventPart,
  JournalEntry,
  MetadataValues,
  NodeHeartbeat,
  Provenance,
  Record,
  RRsetComments,
  SerialPolicy,
  ZoneCreated,
  ZoneDeleted,
  ZoneKind,
  ZoneSettings,
  ZoneSettingsChanged,
  ZoneSnapshot,
} from './gen/dns/events/v1/events.js';
export { DnsUpdateReply, DnsUpdateRequest, UpdateRecord } from './gen/dns/events/v1/update.js';
export {
  CONTROL_SUBJECT_PREFIX,
  decodeZoneToken,
  encodeZoneToken,
  HEARTBEAT_SUBJECT_PREFIX,
  HEARTBEAT_SUBJECT_WILDCARD,
  heartbeatSubject,
  STREAM_NAME,
  SubjectTokenError,
  UPDATE_SUBJECT,
  ZONE_SUBJECT_PREFIX,
  ZONE_SUBJECT_WILDCARD,
  zoneSubject,
  zoneTokenFromSubject,
} from './subject.js';
