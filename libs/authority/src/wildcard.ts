import type { Zone } from './zone.js';
import type { ZoneNode } from './zone-node.js';

/** The wire form of the label `*`, as it starts a key (name-key.ts). */
const ASTERISK = '\x01*';

/**
 * The source of synthesis for a name that does not exist: `*.` + its closest
 * encloser (RFC 4592 §3.3.1), given the encloser's key. Only that one name is
 * tried, so an empty non-terminal or an existing name between the query name
 * and a wildcard higher up blocks the wildcard, as it must (RFC 4592 §2.2.2).
 */
export function sourceOfSynthesis(zone: Zone, closestEncloserKey: string): ZoneNode | undefined {
  return zone.getNodeByKey(ASTERISK + closestEncloserKey);
}
