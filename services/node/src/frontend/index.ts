export { type DnsFrontend, type DnsFrontendOptions, startDnsFrontend } from './dns-frontend.js';
export { type QueryContext, type QueryHandler, type QueryResult, responderHandler } from './query-handler.js';
export type { UdpIo } from './udp-listener.js';
