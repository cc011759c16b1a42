import { lookup } from 'node:dns/promises';
import { ipv4ToText, ipv6ToText, Name, RRType } from '@shoal/dns-wire';
import type { ZoneMeta, ZoneStore } from '@shoal/projection';
import { type Endpoint, formatEndpoint, parseEndpoint, soaMname } from '@shoal/zone-transfer';

export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address);

/**
 * Where a zone's NOTIFYs go: its also-notify endpoints, plus, when asked, the addresses of its
 * NS hosts on port 53, except the SOA MNAME (the primary itself: RFC 1996 §3.3). NS addresses
 * come from the zone's own glue when it has any, else from the system resolver.
 */
export async function notifyTargets(
  store: ZoneStore,
  meta: ZoneMeta,
  options: { nsHosts: boolean; resolve?: HostResolver; onInvalid?: (entry: string, why: string) => void },
): Promise<Endpoint[]> {
  const out = new Map<string, Endpoint>();
  const add = (e: Endpoint) => out.set(formatEndpoint(e), e);
  for (const entry of meta.settings.alsoNotify) {
    try {
      add(parseEndpoint(entry));
    } catch (e) {
      options.onInvalid?.(entry, (e as Error).message);
    }
  }
  if (options.nsHosts) {
    const origin = Name.parse(meta.name);
    const soa = store.getRRset(meta, origin, RRType.SOA);
    const mname = soa?.rdatas[0] ? soaMname(soa.rdatas[0]) : undefined;
    const ns = store.getRRset(meta, origin, RRType.NS);
    for (const rdata of ns?.rdatas ?? []) {
      const host = Name.fromWire(rdata);
      if (mname && host.equals(mname)) continue;
      const addresses: string[] = [];
      if (host.isSubdomainOf(origin)) {
        for (const r of store.getRRset(meta, host, RRType.A)?.rdatas ?? []) addresses.push(ipv4ToText(r));
        for (const r of store.getRRset(meta, host, RRType.AAAA)?.rdatas ?? []) addresses.push(ipv6ToText(r));
      }
      if (addresses.length === 0 && options.resolve) {
        try {
          addresses.push(...(await options.resolve(host.toString().replace(/\.$/, ''))));
        } catch (e) {
          options.onInvalid?.(host.toString(), `cannot resolve: ${(e as Error).message}`);
        }
      }
      for (const address of addresses) add({ host: address, port: 53 });
    }
  }
  return [...out.values()];
}
