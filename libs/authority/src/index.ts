export { Catalog } from './catalog.js';
export type { ChaosOptions } from './chaos.js';
export {
  type CookieVerdict,
  clientAddressOctets,
  type ServerCookieOptions,
  ServerCookies,
  sipHash24,
} from './cookies/index.js';
export { AuthorityError, OutOfZoneError } from './errors.js';
export { lookup, MAX_CHAIN } from './lookup.js';
export type { Additional, Outcome, OutcomeKind, Placed } from './outcome.js';
export { type CachedReply, PacketCache, type PacketCacheOptions } from './packet-cache.js';
export {
  type RateLimitOptions,
  type RateLimitVerdict,
  ResponseRateLimiter,
  replyClass,
  slipReply,
} from './rate-limit/index.js';
export { Responder, type ResponderOptions, type Transport } from './responder.js';
export { buildResponse, type ReplyContext } from './response-builder.js';
export { RRset } from './rrset.js';
export { Zone } from './zone.js';
export type { ZoneNode } from './zone-node.js';
