import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';

interface Member {
  name: string;
  clientPort: number;
  clusterPort: number;
  configFile: string;
  process?: ManagedProcess;
}

/** Three (or more) real nats-server processes with JetStream, clustered over loopback routes. */
export class NatsCluster {
  private constructor(
    readonly directory: string,
    readonly members: Member[],
  ) {}

  static async start(
    size = 3,
    options: { clusterName?: string; extraConfig?: (name: string) => string } = {},
  ): Promise<NatsCluster> {
    const directory = mkdtempSync(join(tmpdir(), 'shoal-cluster-'));
    const clusterName = options.clusterName ?? 'shoal';
    const members: Member[] = [];
    for (let i = 0; i < size; i++) {
      members.push({
        name: `${clusterName}-${i}`,
        clientPort: await freePort(),
        clusterPort: await freePort(),
        configFile: '',
      });
    }
    for (const m of members) {
      m.configFile = join(directory, `${m.name}.conf`);
      writeFileSync(
        m.configFile,
        [
          `server_name: ${m.name}`,
          `listen: 127.0.0.1:${m.clientPort}`,
          `jetstream { store_dir: "${join(directory, m.name)}" }`,
          'cluster {',
          `  name: ${clusterName}`,
          `  listen: 127.0.0.1:${m.clusterPort}`,
          `  routes: [${members
            .filter((o) => o !== m)
            .map((o) => `nats-route://127.0.0.1:${o.clusterPort}`)
            .join(', ')}]`,
          '}',
          options.extraConfig?.(m.name) ?? '',
        ].join('\n'),
      );
    }
    const cluster = new NatsCluster(directory, members);
    await Promise.all(members.map((m) => cluster.launch(m)));
    // JetStream needs a meta leader before streams can be created.
    await Promise.all(
      members.map((m) =>
        m
          .process!.waitForOutput(
            /JetStream cluster new metadata leader|Self is new JetStream cluster metadata leader|new metadata leader/,
            30_000,
          )
          .catch(() => undefined),
      ),
    );
    return cluster;
  }

  private async launch(m: Member): Promise<void> {
    m.process = new ManagedProcess(m.name, 'nats-server', ['-c', m.configFile]);
    await m.process.waitForOutput(/Server is ready/, 20_000);
  }

  get urls(): string[] {
    return this.members.map((m) => `nats://127.0.0.1:${m.clientPort}`);
  }

  url(i: number): string {
    return this.urls[i];
  }

  async kill(i: number): Promise<void> {
    await this.members[i].process?.kill();
  }

  async restart(i: number): Promise<void> {
    await this.members[i].process?.stop();
    await this.launch(this.members[i]);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.members.map((m) => m.process?.stop()));
    rmSync(this.directory, { recursive: true, force: true });
  }
}
