import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as api from '@shoal/admin-api';
import { FleetServiceClient, ZoneAdminServiceClient } from '@shoal/admin-api';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
export const ADMIN_MAIN = join(repoRoot, 'services/admin/dist/main.js');
export const NODE_MAIN = join(repoRoot, 'services/node/dist/main.js');
export const DNSCTL_MAIN = join(repoRoot, 'services/dnsctl/dist/main.js');
export const REPO_ROOT = repoRoot;

export const TEST_TOKEN = 'test-admin-token-0123456789abcdef';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `shoal-${prefix}-`));
}

const scratchDirs: string[] = [];
process.once('exit', () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits (configuration files, keys). */
export function scratchDir(prefix: string): string {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
}

export class AdminProcess {
  private constructor(
    readonly process: ManagedProcess,
    readonly address: string,
    readonly dataDirectory: string,
  ) {}

  static async start(
    natsUrl: string | string[],
    options: { env?: Record<string, string>; dataDirectory?: string } = {},
  ): Promise<AdminProcess> {
    const port = await freePort();
    const dataDirectory = options.dataDirectory ?? tempDir('admin');
    const proc = new ManagedProcess('admin', process.execPath, [ADMIN_MAIN], {
      env: {
        ...process.env,
        SHOAL_NATS_URL: Array.isArray(natsUrl) ? natsUrl.join(',') : natsUrl,
        SHOAL_ADMIN_GRPC_LISTEN: `127.0.0.1:${port}`,
        SHOAL_ADMIN_DATA_DIR: dataDirectory,
        SHOAL_ADMIN_TOKEN: TEST_TOKEN,
        SHOAL_LOG_LEVEL: 'warn',
        ...options.env,
      },
    });
    await proc.waitForOutput(/shoal-admin listening/, 20_000);
    return new AdminProcess(proc, `127.0.0.1:${port}`, dataDirectory);
  }

  client(token = TEST_TOKEN): AdminClient {
    return new AdminClient(this.address, token);
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDirectory, { recursive: true, force: true });
  }
}

export class NodeProcess {
  process: ManagedProcess;
  private constructor(
    readonly nodeId: string,
    readonly dnsPort: number,
    readonly dataDirectory: string,
    private readonly env: Record<string, string>,
  ) {
    this.process = NodeProcess.spawn(env);
  }

  private static spawn(env: Record<string, string>): ManagedProcess {
    return new ManagedProcess(`node ${env.SHOAL_NODE_ID}`, process.execPath, [NODE_MAIN], {
      env: { ...process.env, ...env },
    });
  }

  static async start(
    natsUrl: string | string[],
    options: {
      nodeId?: string;
      region?: string;
      dataDirectory?: string;
      address?: string;
      env?: Record<string, string>;
    } = {},
  ): Promise<NodeProcess> {
    const address = options.address ?? '127.0.0.1';
    const port = await freePort(address);
    const nodeId = options.nodeId ?? `node-${port}`;
    const dataDirectory = options.dataDirectory ?? tempDir('node');
    const env = {
      SHOAL_NATS_URL: Array.isArray(natsUrl) ? natsUrl.join(',') : natsUrl,
      SHOAL_NODE_ID: nodeId,
      SHOAL_REGION: options.region ?? 'default',
      SHOAL_NODE_DATA_DIR: dataDirectory,
      SHOAL_DNS_LISTEN: `${address.includes(':') ? `[${address}]` : address}:${port}`,
      SHOAL_LOG_LEVEL: 'info',
      ...options.env,
    };
    const node = new NodeProcess(nodeId, port, dataDirectory, env);
    await node.process.waitForOutput(/shoal-node serving/, 20_000);
    return node;
  }

  /** Starts the same node again (same id, port and data). */
  async restart(): Promise<void> {
    if (this.process.running) await this.process.stop();
    this.process = NodeProcess.spawn(this.env);
    await this.process.waitForOutput(/shoal-node serving/, 20_000);
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async kill(): Promise<void> {
    await this.process.kill();
  }

  async dispose(): Promise<void> {
    await this.process.stop();
    rmSync(this.dataDirectory, { recursive: true, force: true });
  }
}

type Unary<Req, Res> = (
  req: Req,
  md: grpc.Metadata,
  opts: Partial<grpc.CallOptions>,
  cb: (e: grpc.ServiceError | null, r: Res) => void,
) => unknown;

/** A thin promise wrapper over the generated gRPC clients, with the bearer token. */
export class AdminClient {
  readonly zones: ZoneAdminServiceClient;
  readonly fleet: FleetServiceClient;
  readonly metadata = new grpc.Metadata();

  constructor(address: string, token?: string) {
    this.zones = new ZoneAdminServiceClient(address, grpc.credentials.createInsecure());
    this.fleet = new FleetServiceClient(address, grpc.credentials.createInsecure());
    if (token) this.metadata.set('authorization', `Bearer ${token}`);
  }

  call<Req, Res>(fn: Unary<Req, Res>, client: grpc.Client, req: Req, timeoutMs = 15_000): Promise<Res> {
    return new Promise((resolve, reject) =>
      fn.call(client, req, this.metadata, { deadline: Date.now() + timeoutMs }, (e, r) =>
        e ? reject(e) : resolve(r),
      ),
    );
  }

  createZone(req: Partial<api.CreateZoneRequest>) {
    return this.call<api.CreateZoneRequest, api.WriteResult>(
      this.zones.createZone as never,
      this.zones,
      api.CreateZoneRequest.fromPartial(req),
    );
  }
  replaceRRset(req: Partial<api.ReplaceRRsetRequest>) {
    return this.call<api.ReplaceRRsetRequest, api.WriteResult>(
      this.zones.replaceRRset as never,
      this.zones,
      api.ReplaceRRsetRequest.fromPartial(req),
    );
  }
  deleteRRset(req: Partial<api.DeleteRRsetRequest>) {
    return this.call<api.DeleteRRsetRequest, api.WriteResult>(
      this.zones.deleteRRset as never,
      this.zones,
      api.DeleteRRsetRequest.fromPartial(req),
    );
  }
  updateZoneSettings(req: Partial<api.UpdateZoneSettingsRequest>) {
    return this.call<api.UpdateZoneSettingsRequest, api.WriteResult>(
      this.zones.updateZoneSettings as never,
      this.zones,
      api.UpdateZoneSettingsRequest.fromPartial(req),
    );
  }
  deleteZone(req: Partial<api.DeleteZoneRequest>) {
    return this.call<api.DeleteZoneRequest, api.WriteResult>(
      this.zones.deleteZone as never,
      this.zones,
      api.DeleteZoneRequest.fromPartial(req),
    );
  }
  getZone(req: Partial<api.GetZoneRequest>) {
    return this.call<api.GetZoneRequest, api.Zone>(
      this.zones.getZone as never,
      this.zones,
      api.GetZoneRequest.fromPartial(req),
    );
  }
  listZones(req: Partial<api.ListZonesRequest>) {
    return this.call<api.ListZonesRequest, api.ListZonesResponse>(
      this.zones.listZones as never,
      this.zones,
      api.ListZonesRequest.fromPartial(req),
    );
  }
  waitForSync(req: Partial<api.WaitForSyncRequest>) {
    return this.call<api.WaitForSyncRequest, api.WaitForSyncResponse>(
      this.fleet.waitForSync as never,
      this.fleet,
      api.WaitForSyncRequest.fromPartial(req),
      60_000,
    );
  }
  fleetStatus() {
    return this.call<api.FleetStatusRequest, api.FleetStatusResponse>(
      this.fleet.fleetStatus as never,
      this.fleet,
      {},
    );
  }

  close(): void {
    this.zones.close();
    this.fleet.close();
  }
}
