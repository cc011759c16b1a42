import type { DnssecSettings } from '@shoal/events';
import { type SigningRequest, signingSettings } from '../dnssec/index.js';
import { ValidationError } from '../errors.js';
import { ApiError } from './http-error.js';
import type { JsonObject } from './json-fields.js';

/**
 * The zone's `nsec3param` as PowerDNS shows it: "" for NSEC (or an unsigned zone), else its
 * NSEC3PARAM metadata "1 <flags> <iterations> <salt>", flags 1 meaning opt-out, salt in hex
 * or "-" for none.
 */
export function nsec3paramText(dnssec: DnssecSettings | undefined): string {
  if (!dnssec?.signed || !dnssec.nsec3) return '';
  const salt = dnssec.nsec3Salt.length ? Buffer.from(dnssec.nsec3Salt).toString('hex') : '-';
  return `1 ${dnssec.nsec3OptOut ? 1 : 0} ${dnssec.nsec3Iterations} ${salt}`;
}

/** "1 0 0 -" and the like: hash algorithm 1 (SHA-1), flags 0 or 1 (opt-out), iterations, salt. */
function parseNsec3param(
  text: string,
): Pick<SigningRequest, 'nsec3Iterations' | 'nsec3Salt' | 'nsec3OptOut'> {
  const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(-|[0-9a-fA-F]*)\s*$/.exec(text);
  if (!m) throw new Error(`'${text}' is not '<algorithm> <flags> <iterations> <salt>'.`);
  const [algorithm, flags, iterations] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (algorithm !== 1)
    throw new Error(`Invalid hash algorithm for NSEC3: '${algorithm}', the only valid value is '1'.`);
  if (flags > 1) throw new Error(`Invalid NSEC3 flags '${flags}': 0, or 1 for opt-out.`);
  return { nsec3Iterations: iterations, nsec3Salt: m[4] === '-' ? '' : m[4], nsec3OptOut: flags === 1 };
}

/**
 * The zone's signing settings after a zone document's `dnssec`, `nsec3param` and
 * `nsec3narrow` (PUT /zones/{id}, POST /zones), as PowerDNS's updateDomainSettingsFromDocument
 * reads them: `dnssec` turns signing on (NSEC unless `nsec3param` says otherwise) or off;
 * `nsec3param` "" is NSEC, anything else NSEC3 with those parameters, and needs a signed zone.
 * Undefined when the document leaves signing as it is. The result goes through the same
 * validation as SetSigning.
 */
export function signingFromDocument(
  zone: string,
  current: DnssecSettings | undefined,
  doc: JsonObject,
): DnssecSettings | undefined {
  const dnssecGiven = typeof doc.dnssec === 'boolean';
  const nsec3Given = typeof doc.nsec3param === 'string';
  if (!dnssecGiven && !nsec3Given) return undefined;
  const wasSigned = Boolean(current?.signed);
  const signed = dnssecGiven ? (doc.dnssec as boolean) : wasSigned;
  const text = nsec3Given ? (doc.nsec3param as string) : '';
  if (!nsec3Given && signed === wasSigned) return undefined;
  const request: SigningRequest = {
    signed,
    nsec3: false,
    nsec3Iterations: 0,
    nsec3Salt: '',
    nsec3OptOut: false,
  };
  if (text !== '') {
    if (!signed) {
      throw new ApiError(`NSEC3PARAM value provided for zone '${zone}', but zone is not DNSSEC secured.`);
    }
    if (doc.nsec3narrow === true) {
      throw new ApiError(
        `NSEC3 narrow mode is not supported for zone '${zone}': the signers publish a precomputed NSEC3 chain`,
      );
    }
    const invalid = (reason: string) =>
      new ApiError(`NSEC3PARAMs provided for zone '${zone}' are invalid. ${reason}`);
    try {
      Object.assign(request, { nsec3: true, ...parseNsec3param(text) });
    } catch (e) {
      throw invalid((e as Error).message);
    }
    try {
      return signingSettings(request);
    } catch (e) {
      if (e instanceof ValidationError) throw invalid(e.violations[0].message);
      throw e;
    }
  }
  // An unsigned zone told to stay unsigned (or to use NSEC) changes nothing.
  if (!signed && !wasSigned) return undefined;
  return signingSettings(request);
}
