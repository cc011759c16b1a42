import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ManagedProcess, tempDir, udpExchange, waitFor } from '../harness/index.js';
import { buildDifferentialQuery } from './pdns-differential-exchange.js';

const PDNS_SERVER = '/usr/sbin/pdns_server';

/**
 * A real PowerDNS Authoritative Server (Debian's pdns-server with the bind
 * backend) serving the fixture zones on a free loopback port.
 */
export class PdnsServer {
  private constructor(
    readonly process: ManagedProcess,
    readonly port: number,
    private readonly directory: string,
  ) {}

  /** Throws, never skips, when pdns_server is not installed: the comparison is the point. */
  static async start(zoneDirectory: string, origins: readonly string[]): Promise<PdnsServer> {
    if (!existsSync(PDNS_SERVER)) {
      throw new Error(`${PDNS_SERVER} not found: install the pdns-server and pdns-backend-bind packages`);
    }
    const directory = tempDir('pdns');
    const bindConfig = join(directory, 'named.conf');
    const zones = origins.map(
      (origin) => `zone "${origin}" { type master; file "${join(zoneDirectory, `${origin}.zone`)}"; };`,
    );
    writeFileSync(bindConfig, `${zones.join('\n')}\n`);
    const port = await freePort();
    const child = new ManagedProcess('pdns_server', PDNS_SERVER, [
      '--no-config',
      '--daemon=no',
      '--guardian=no',
      '--disable-syslog',
      '--write-pid=no',
      `--socket-dir=${directory}`,
      '--local-address=127.0.0.1',
      `--local-port=${port}`,
      '--launch=bind',
      `--bind-config=${bindConfig}`,
      // DNAME synthesis is off by default in PowerDNS 4.7; RFC 6672 requires it.
      '--dname-processing=yes',
      '--security-poll-suffix=',
      // Its packet cache would serve a reply computed for TCP to a later UDP query: compare fresh answers.
      '--cache-ttl=0',
      '--query-cache-ttl=0',
      '--negquery-cache-ttl=0',
      '--loglevel=4',
    ]);
    const probe = buildDifferentialQuery(
      { qname: `${origins[0]}.`, qtype: 'SOA', variant: 'udp', qclass: 'IN' },
      1,
    );
    try {
      await waitFor('pdns_server to answer', async () => {
        if (!child.running) throw new Error(`pdns_server exited:\n${child.log}`);
        return udpExchange(probe, port, '127.0.0.1', 200);
      });
    } catch (error) {
      await child.stop();
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
    return new PdnsServer(child, port, directory);
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
