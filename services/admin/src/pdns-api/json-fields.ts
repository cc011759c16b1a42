import { ApiError, HttpError } from './http-error.js';

export type JsonObject = Record<string, unknown>;

/** The request body as JSON; PowerDNS answers 400 to an empty or unparsable one. */
export function parseJsonBody(body: string): JsonObject {
  if (body.length === 0) throw new HttpError(400);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new HttpError(400);
  }
  if (doc === null || typeof doc !== 'object') throw new HttpError(400);
  return doc as JsonObject;
}

/* The field readers use PowerDNS's own messages (pdns/json.cc) so clients see the same errors. */

export function stringField(doc: JsonObject, key: string): string {
  const v = doc[key];
  if (typeof v !== 'string') throw new ApiError(`Key '${key}' not present or not a String`);
  return v;
}

export function intField(doc: JsonObject, key: string): number {
  const v = doc[key];
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+/.test(v)) return Number.parseInt(v, 10);
  throw new ApiError(`Key '${key}' not an Integer or not present`);
}

export function boolField(doc: JsonObject, key: string): boolean {
  const v = doc[key];
  if (typeof v !== 'boolean') throw new ApiError(`Key '${key}' not present or not a Bool`);
  return v;
}

export function optionalString(doc: JsonObject, key: string): string | undefined {
  const v = doc[key];
  return typeof v === 'string' ? v : undefined;
}

export function arrayField(doc: JsonObject, key: string): unknown[] | undefined {
  const v = doc[key];
  return Array.isArray(v) ? v : undefined;
}

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
