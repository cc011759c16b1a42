import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import type { ZoneSettings } from '@shoal/admin-api';
import { tsigKvKey } from '@shoal/zone-transfer';
import {
  AdminProcess,
  dig,
  freePort,
  ManagedProcess,
  NatsServer,
  NodeProcess,
  REPO_ROOT,
  tempDir,
  waitFor,
} from '../harness/index.js';

/** A TSIG key as the tests use it: name, algorithm, base64 secret. */
export interface TestKey {
  name: string;
  algorithm: string;
  secret: string;
}

export const XFR_KEY: TestKey = {
  name: 'xfr-key.',
  algorithm: 'hmac-sha256',
  secret: Buffer.from('shoal transfer test secret 0123456789').toString('base64'),
};

/** Writes keys into the TSIG_KEYS bucket the way the admin does. */
export async function putTsigKeys(natsUrl: string, keys: readonly TestKey[]): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const kvm = new Kvm(nc);
    const kv = await kvm.create('TSIG_KEYS', { history: 1 });
    for (const key of keys) await kv.put(tsigKvKey(key.name), JSON.stringify(key));
  } finally {
    await nc.close();
  }
}

export const ZoneKind = { NATIVE: 1, PRIMARY: 2, SECONDARY: 3, PRODUCER: 4, CONSUMER: 5 } as const;

export function settings(partial: Partial<ZoneSettings>): ZoneSettings {
  return {
    kind: ZoneKind.PRIMARY,
    serialPolicy: 1,
    transferAcl: [],
    alsoNotify: [],
    tsigKeys: [],
    primaries: [],
    account: '',
    metadata: {},
    catalog: '',
    ...partial,
  } as ZoneSettings;
}

/** `dig` with the TSIG option for a key. */
export function digKey(key: TestKey): string[] {
  return ['-y', `${key.algorithm}:${key.name.replace(/\.$/, '')}:${key.secret}`];
}

/**
 * A zone's AXFR as a sorted list of normalised lines (owner, TTL, class, type, RDATA), the
 * closing SOA dropped: two servers holding the same zone give the same list.
 */
export async function axfrListing(
  port: number,
  zone: string,
  extra: string[] = [],
  address = '127.0.0.1',
): Promise<string[]> {
  const out = await dig([
    `@${address}`,
    '-p',
    String(port),
    zone,
    'AXFR',
    '+nocomments',
    '+nostats',
    '+nocmd',
    ...extra,
  ]);
  if (/Transfer failed|communications error|connection refused|timed out/i.test(out))
    throw new Error(`AXFR of ${zone} failed:\n${out}`);
  const lines = out
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith(';'))
    .map((l) => l.trim().split(/\s+/).join(' ').toLowerCase())
    .filter((l) => !/ tsig /.test(l));
  const unique = [...new Set(lines)];
  return unique.sort();
}

/** The SOA serial a server answers for a zone, or undefined. */
export async function soaSerialAt(
  port: number,
  zone: string,
  address = '127.0.0.1',
): Promise<number | undefined> {
  const out = await dig([
    `@${address}`,
    '-p',
    String(port),
    zone,
    'SOA',
    '+short',
    '+norec',
    '+time=1',
    '+tries=1',
  ]);
  const fields = out.trim().split(/\s+/);
  return fields.length >= 7 ? Number(fields[2]) : undefined;
}

export interface Fleet {
  nats: NatsServer;
  admin: AdminProcess;
  nodes: NodeProcess[];
  dispose(): Promise<void>;
}

export async function startFleet(nodes = 1, nodeEnv: Record<string, string> = {}): Promise<Fleet> {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url);
  const started: NodeProcess[] = [];
  for (let i = 0; i < nodes; i++) started.push(await NodeProcess.start(nats.url, { env: nodeEnv }));
  return {
    nats,
    admin,
    nodes: started,
    async dispose() {
      for (const n of started) await n.dispose();
      await admin.dispose();
      await nats.dispose();
    },
  };
}

export async function waitForSerial(
  port: number,
  zone: string,
  serial: number,
  timeoutMs = 15_000,
): Promise<void> {
  await waitFor(
    `${zone} at serial ${serial} on port ${port}`,
    async () => (await soaSerialAt(port, zone)) === serial,
    timeoutMs,
    50,
  );
}

export const BRIDGE_MAIN = join(REPO_ROOT, 'services/bridge/dist/main.js');

/** A transfer bridge process (services/bridge). */
export class BridgeProcess {
  private constructor(
    readonly process: ManagedProcess,
    readonly bridgeId: string,
    readonly dataDirectory: string,
    /** UDP port taking NOTIFY from legacy primaries, when enabled. */
    readonly notifyPort: number | undefined,
    private readonly env: Record<string, string>,
  ) {}

  static async start(
    natsUrl: string,
    options: { bridgeId?: string; notifyListen?: boolean; env?: Record<string, string> } = {},
  ): Promise<BridgeProcess> {
    const bridgeId = options.bridgeId ?? `bridge-${Math.floor(Math.random() * 1e6)}`;
    const dataDirectory = tempDir('bridge');
    const notifyPort = options.notifyListen ? await freePort() : undefined;
    const env: Record<string, string> = {
      SHOAL_NATS_URL: natsUrl,
      SHOAL_BRIDGE_ID: bridgeId,
      SHOAL_BRIDGE_DATA_DIR: dataDirectory,
      SHOAL_BRIDGE_NOTIFY_LISTEN: notifyPort ? `127.0.0.1:${notifyPort}` : '',
      SHOAL_BRIDGE_NOTIFY_INITIAL_MS: '500',
      SHOAL_BRIDGE_NOTIFY_MAX_MS: '4000',
      SHOAL_BRIDGE_REFRESH_MIN_MS: '500',
      SHOAL_BRIDGE_TIMEOUT_MS: '3000',
      SHOAL_LOG_LEVEL: 'info',
      ...options.env,
    };
    const proc = BridgeProcess.spawn(bridgeId, env);
    await proc.waitForOutput(/shoal-bridge ready/, 30_000);
    return new BridgeProcess(proc, bridgeId, dataDirectory, notifyPort, env);
  }

  private static spawn(bridgeId: string, env: Record<string, string>): ManagedProcess {
    return new ManagedProcess(bridgeId, process.execPath, [BRIDGE_MAIN], { env: { ...process.env, ...env } });
  }

  get log(): string {
    return this.process.log;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async dispose(): Promise<void> {
    await this.process.stop();
    rmSync(this.dataDirectory, { recursive: true, force: true });
  }
}

/** Zone transfers a node logged, by outcome, for one zone (and optionally one client address). */
export function transfersLogged(
  node: NodeProcess,
  zone: string,
): { outcome: string; remote: string; clientSerial?: number; serial?: number }[] {
  const key = zone.endsWith('.') ? zone.toLowerCase() : `${zone.toLowerCase()}.`;
  const out = [];
  for (const line of node.process.log.split('\n')) {
    if (!line.includes('"zone transfer"')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.zone === key) out.push(entry);
    } catch {}
  }
  return out;
}
