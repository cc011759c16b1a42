import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';

export interface NatsServerOptions {
  /** Directory for JetStream files; a fresh temp dir when omitted. Kept across restart(). */
  storeDir?: string;
  port?: number;
  serverName?: string;
  /** Extra configuration text appended to the generated file. */
  extraConfig?: string;
  /** JetStream domain (regions and edge sites joined by leafnodes each have their own). */
  jetstreamDomain?: string;
}

/** A real nats-server with JetStream, on loopback, in a temp directory. */
export class NatsServer {
  process?: ManagedProcess;
  readonly storeDir: string;
  readonly configFile: string;
  port = 0;
  private ownsDir: boolean;

  private constructor(private readonly options: NatsServerOptions) {
    this.ownsDir = !options.storeDir;
    this.storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'shoal-nats-'));
    this.configFile = join(this.storeDir, 'nats.conf');
  }

  static async start(options: NatsServerOptions = {}): Promise<NatsServer> {
    const server = new NatsServer(options);
    server.port = options.port ?? (await freePort());
    await server.launch();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  private async launch(): Promise<void> {
    const name = this.options.serverName ?? `n${this.port}`;
    writeFileSync(
      this.configFile,
      [
        `server_name: ${name}`,
        'listen: 127.0.0.1:' + this.port,
        `jetstream { store_dir: "${join(this.storeDir, 'js')}"${this.options.jetstreamDomain ? `, domain: ${this.options.jetstreamDomain}` : ''} }`,
        this.options.extraConfig ?? '',
      ].join('\n'),
    );
    this.process = new ManagedProcess('nats-server', 'nats-server', ['-c', this.configFile]);
    await this.process.waitForOutput(/Server is ready/);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  /** Start again on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDir) rmSync(this.storeDir, { recursive: true, force: true });
  }
}
