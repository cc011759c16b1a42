import { Name } from '@shoal/dns-wire';
import { ApiError, HttpError } from './http-error.js';

/**
 * Zone ids as PowerDNS writes them in URLs: the name with a trailing dot, every octet other than
 * letters, digits, '.' and '-' written as '=' and two upper-case hex digits ('/' is '=2F'), and
 * the root as '=2E'.
 */
export function zoneNameToId(name: string): string {
  let id = '';
  for (const octet of Buffer.from(name, 'latin1')) {
    const c = String.fromCharCode(octet);
    id += /[A-Za-z0-9.-]/.test(c) ? c : `=${octet.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (!id.endsWith('.')) id += '.';
  return id === '.' ? '=2E' : id;
}

/** The zone name of a URL id (the inverse of zoneNameToId); 400 on a malformed escape. */
export function zoneIdToName(id: string): Name {
  if (id === '') throw new HttpError(400);
  let text = '';
  for (let i = 0; i < id.length; i++) {
    if (id[i] !== '=') {
      text += id[i];
      continue;
    }
    const hex = id.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) throw new HttpError(400);
    text += String.fromCharCode(Number.parseInt(hex, 16));
    i += 2;
  }
  try {
    return Name.parse(text.endsWith('.') ? text : `${text}.`);
  } catch {
    throw new ApiError(`Unable to parse DNS Name '${text}'`);
  }
}

/** A name in a request body: PowerDNS insists on absolute names ("canonical", trailing dot). */
export function apiName(text: string): Name {
  if (!text.endsWith('.')) throw new ApiError(`DNS Name '${text}' is not canonical`);
  try {
    return Name.parse(text);
  } catch {
    throw new ApiError(`Unable to parse DNS Name '${text}'`);
  }
}

const ALLOWED = /^[A-Za-z0-9_/.-]*$/;

/** PowerDNS accepts only these characters in zone names given to the API. */
export function checkNameCharacters(text: string): void {
  if (!ALLOWED.test(text)) throw new ApiError(`Name '${text}' contains unsupported characters`);
}

/** The same for owner names, where a leading '*.' is also allowed. */
export function checkOwnerCharacters(text: string): void {
  checkNameCharacters(text.startsWith('*.') ? text.slice(2) : text);
}
