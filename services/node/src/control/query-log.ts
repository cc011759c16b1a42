import { rcodeToString, rrTypeToString } from '@shoal/dns-wire';
import type { Logger } from 'pino';
import type { QueryLogEntry, QueryMeter } from '../metrics/index.js';
import type { QueryLogConfig } from './ops-config.js';

/** Turns the sampled query log on or off: one JSON line per logged query, at info level. */
export function applyQueryLog(meter: QueryMeter, log: Logger, config: QueryLogConfig): void {
  if (!config.enabled) {
    meter.setQueryLog(undefined, 0);
    return;
  }
  const queries = log.child({ log: 'query' });
  meter.setQueryLog(
    (e: QueryLogEntry) =>
      queries.info({
        qname: e.qname,
        qtype: e.qtype < 0 ? null : rrTypeToString(e.qtype),
        opcode: e.opcode,
        rcode: e.rcode < 0 ? null : rcodeToString(e.rcode),
        transport: e.transport,
        client: e.client,
        client_port: e.clientPort,
      }),
    config.sampleRate,
  );
}
