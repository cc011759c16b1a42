import { NameError } from '@shoal/dns-wire';
import type { Zone } from './zone.js';
import type { ZoneNode } from './zone-node.js';

/**
 * The source of synthesis for a name that does not exist: `*.` + its closest
 * encloser (RFC 4592 §3.3.1). Only that one name is tried, so an empty
 * non-terminal or an existing name between the query name and a wildcard
 * higher up blocks the wildcard, as it must (RFC 4592 §2.2.2).
 */
export function sourceOfSynthesis(zone: Zone, closestEncloser: ZoneNode): ZoneNode | undefined {
  try {
    return zone.getNode(closestEncloser.name.prepend('*'));
  } catch (error) {
    // An encloser one label short of 255 octets cannot have a wildcard child.
    if (error instanceof NameError) return undefined;
    throw error;
  }
}
