// Serves a directory of zone files with the Shoal answer engine and front end, for the benchmark.
// Usage: node --expose-gc bench/authority/shoal-server.mjs <zone-directory> <port> [batched|dgram] [cookies]
// Prints one JSON line when ready: zones, records, load time and heap after a full GC.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, Responder, ServerCookies, Zone } from '../../libs/authority/dist/index.js';
import { Name, parseZoneText } from '../../libs/dns-wire/dist/index.js';
import { startDnsFrontend } from '../../services/node/dist/frontend/index.js';

const [directory, port, udpIo = 'batched', cookies] = process.argv.slice(2);
const started = performance.now();
const catalog = new Catalog();
let records = 0;
for (const file of readdirSync(directory).filter((f) => f.endsWith('.zone'))) {
  const origin = Name.parse(`${file.slice(0, -'.zone'.length)}.`);
  const zone = new Zone(origin);
  for (const rr of parseZoneText(readFileSync(join(directory, file), 'utf8'), { origin, fileName: file })) {
    if (zone.addRecord(rr)) records++;
  }
  catalog.set(zone);
}
const loadMs = Math.round(performance.now() - started);
globalThis.gc?.();
const { heapUsed, rss } = process.memoryUsage();
const responder = new Responder(catalog, {
  packetCache: { maxEntries: 200_000 },
  // As a node runs by default: DNS cookies answered (RFC 7873/9018).
  cookies: cookies === 'cookies' ? new ServerCookies({ secrets: [randomBytes(16)] }) : undefined,
});
const frontend = await startDnsFrontend({ port: Number(port), responder, udpIo });
console.log(
  JSON.stringify({ ready: true, zones: catalog.size, records, loadMs, heapUsed, rss, udpIo: frontend.udpIo }),
);
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => void frontend.close().then(() => process.exit(0)));
