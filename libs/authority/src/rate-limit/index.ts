export { replyClass } from './reply-class.js';
export {
  type RateLimitOptions,
  type RateLimitVerdict,
  ResponseRateLimiter,
  slipReply,
} from './response-rate-limiter.js';
