export { clientAddressOctets } from './client-address.js';
export {
  type CookieVerdict,
  cookieLengthValid,
  type ServerCookieOptions,
  ServerCookies,
} from './server-cookies.js';
export { sipHash24 } from './siphash.js';
