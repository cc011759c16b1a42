import { rdataFromText, rrTypeFromString } from '@shoal/dns-wire';
import type { CommentInput } from '../rrset-comments.js';
import { ApiError } from './http-error.js';
import { intField, isObject, type JsonObject, stringField } from './json-fields.js';
import { apiName, checkOwnerCharacters } from './zone-id.js';

/** One RRset of a request body (POST /zones or PATCH), checked the way PowerDNS checks it. */
export interface RRsetBody {
  name: string;
  type: string;
  typeCode: number;
  /** Present when the body has "records" (PATCH: replace them). */
  records?: string[];
  ttl: number;
  /** Present when the body has "comments" (PATCH: replace them). */
  comments?: CommentInput[];
}

export function readRRsetBody(doc: unknown): RRsetBody {
  if (!isObject(doc)) throw new ApiError("Key 'name' not present or not a String");
  const nameText = stringField(doc, 'name');
  const owner = apiName(nameText);
  checkOwnerCharacters(owner.toString());
  const type = stringField(doc, 'type');
  let typeCode: number;
  try {
    typeCode = rrTypeFromString(type);
  } catch {
    throw new ApiError(`RRset ${owner} IN ${type}: unknown type given`);
  }
  const out: RRsetBody = { name: owner.toString(), type: type.toUpperCase(), typeCode, ttl: 0 };
  if (Array.isArray(doc.records)) {
    out.ttl = intField(doc, 'ttl');
    out.records = doc.records.map((r) => recordContent(r, out));
  }
  if (Array.isArray(doc.comments)) out.comments = doc.comments.map((c) => commentOf(c));
  return out;
}

function recordContent(record: unknown, rrset: RRsetBody): string {
  const doc: JsonObject = isObject(record) ? record : {};
  const content = stringField(doc, 'content');
  if (doc.disabled !== undefined && doc.disabled !== null && typeof doc.disabled !== 'boolean') {
    throw new ApiError("Key 'disabled' not present or not a Bool");
  }
  if (doc.disabled === true) {
    // Disabled records would need a place in the event model that no node serves; not offered.
    throw new ApiError(`Record ${rrset.name}/${rrset.type} '${content}': disabled records are not supported`);
  }
  try {
    // No origin: like PowerDNS, names inside RDATA must be absolute.
    rdataFromText(rrset.typeCode, content);
  } catch (e) {
    throw new ApiError(`Record ${rrset.name}/${rrset.type} '${content}': ${(e as Error).message}`);
  }
  return content;
}

function commentOf(comment: unknown): CommentInput {
  const doc: JsonObject = isObject(comment) ? comment : {};
  const modifiedAt = doc.modified_at === undefined ? 0 : intField(doc, 'modified_at');
  return { content: stringField(doc, 'content'), account: stringField(doc, 'account'), modifiedAt };
}
