import { CONTROL_SUBJECT_PREFIX, encodeZoneToken } from '@shoal/events';

/** Fleet-wide request to NOTIFY a zone's secondaries now: `{"zone":"example.test."}`. */
export const NOTIFY_SUBJECT = `${CONTROL_SUBJECT_PREFIX}notify`;

/** Nodes forward accepted NOTIFYs for secondary zones here: `{"zone","serial","remote","node"}`. */
export const REFRESH_SUBJECT = `${CONTROL_SUBJECT_PREFIX}refresh`;

/**
 * Nodes announce each applied batch here at once (`{"node","applied"}`), so the bridge can
 * send NOTIFY as soon as every node serves a change, without waiting for the next heartbeat:
 * a secondary that queried a node still behind would find the old serial and stop there.
 */
export const APPLIED_SUBJECT_PREFIX = 'dns.fleet.applied.';
export const APPLIED_SUBJECT_WILDCARD = `${APPLIED_SUBJECT_PREFIX}*`;

export function appliedSubject(nodeId: string): string {
  return APPLIED_SUBJECT_PREFIX + encodeZoneToken([new TextEncoder().encode(nodeId)]);
}
