/**
 * A real pdns_server 4.7 with the gsqlite3 backend and its HTTP API on loopback, for the
 * PowerDNS API differential tests. Throws (never skips) when the Debian packages are missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ManagedProcess, tempDir, waitFor } from '../harness/index.js';
import { http, PDNS_KEY } from '../integration/admin-harness.js';

const PDNS_SERVER = '/usr/sbin/pdns_server';
const SCHEMA_CANDIDATES = [
  '/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql',
  '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql',
];

/** Starts pdns_server (`extraArgs` after the common ones) and waits until its API answers. */
export async function startPdnsApiServer(
  name: string,
  extraArgs: string[] = [],
): Promise<{ pdns: ManagedProcess; pdnsUrl: string }> {
  if (!existsSync(PDNS_SERVER))
    throw new Error(`${PDNS_SERVER} not found: install pdns-server and pdns-backend-sqlite3`);
  const schema = SCHEMA_CANDIDATES.find((p) => existsSync(p));
  if (!schema)
    throw new Error(
      `the gsqlite3 schema is missing (looked at ${SCHEMA_CANDIDATES.join(', ')}): install pdns-backend-sqlite3`,
    );
  const dir = tempDir(name);
  const db = join(dir, 'pdns.sqlite3');
  execFileSync('sqlite3', [db], { input: readFileSync(schema) });
  const [dnsPort, webPort] = [await freePort(), await freePort()];
  const pdns = new ManagedProcess('pdns_server', PDNS_SERVER, [
    '--no-config',
    '--daemon=no',
    '--launch=gsqlite3',
    `--gsqlite3-database=${db}`,
    ...extraArgs,
    '--local-address=127.0.0.1',
    `--local-port=${dnsPort}`,
    '--webserver=yes',
    '--webserver-address=127.0.0.1',
    `--webserver-port=${webPort}`,
    '--api=yes',
    `--api-key=${PDNS_KEY}`,
    `--socket-dir=${dir}`,
    '--guardian=no',
    '--disable-syslog',
    '--webserver-allow-from=127.0.0.0/8',
    '--security-poll-suffix=',
    '--write-pid=no',
  ]);
  const pdnsUrl = `http://127.0.0.1:${webPort}`;
  await waitFor(
    'the PowerDNS API',
    async () => {
      if (!pdns.running) throw new Error(`pdns_server exited:\n${pdns.log}`);
      return (await http(pdnsUrl, 'GET', '/api/v1/servers').catch(() => undefined))?.status === 200;
    },
    20_000,
    100,
  );
  return { pdns, pdnsUrl };
}
