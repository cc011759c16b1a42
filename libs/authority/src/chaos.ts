import { type Name, RRType } from '@shoal/dns-wire';
import type { Placed } from './outcome.js';
import { RRset } from './rrset.js';

/** Answers to the CHAOS-class identity queries; each is off unless given. */
export interface ChaosOptions {
  /** TXT for `version.bind` and `version.server`. */
  version?: string;
  /** TXT for `id.server` and `hostname.bind` (RFC 4892). */
  id?: string;
}

/**
 * The TXT RRset for a CHAOS query, or undefined when the name is not one of
 * the identity names or its answer is not configured.
 */
export function chaosAnswer(options: ChaosOptions, qname: Name, qtype: number): Placed | undefined {
  if (qtype !== RRType.TXT && qtype !== RRType.ANY) return undefined;
  const text = textFor(options, qname.key);
  if (text === undefined) return undefined;
  return { owner: qname, rrset: RRset.of(RRType.TXT, 0, [characterStrings(text)]) };
}

function textFor(options: ChaosOptions, key: string): string | undefined {
  switch (key) {
    case 'version.bind.':
    case 'version.server.':
      return options.version;
    case 'id.server.':
    case 'hostname.bind.':
      return options.id;
    default:
      return undefined;
  }
}

/** TXT RDATA: the text as character-strings of at most 255 octets each. */
function characterStrings(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const chunks = Math.max(1, Math.ceil(bytes.length / 255));
  const out = new Uint8Array(bytes.length + chunks);
  for (let i = 0, o = 0; i < chunks; i++) {
    const chunk = bytes.subarray(i * 255, (i + 1) * 255);
    out[o++] = chunk.length;
    out.set(chunk, o);
    o += chunk.length;
  }
  return out;
}
