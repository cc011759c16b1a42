/**
 * What the DNSSEC integration tests share: a signer process (with its key-encryption key), a
 * client for dns.admin.v1.DnssecService, an Unbound validating resolver, and a dump of a zone
 * from a clean projection of the stream.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import * as api from '@shoal/admin-api';
import { Name, RRClass, writeZoneText } from '@shoal/dns-wire';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import { freePort, ManagedProcess, REPO_ROOT, TEST_TOKEN, tempDir } from '../harness/index.js';

export const SIGNER_MAIN = join(REPO_ROOT, 'services/signer/dist/main.js');
const PATH = `${process.env.PATH}:/usr/sbin:/sbin`;

export class SignerProcess {
  private constructor(
    readonly process: ManagedProcess,
    readonly dataDirectory: string,
    readonly kekFile: string,
  ) {}

  /** A signer; `kekFile` shares a key-encryption key with another signer (take-over tests). */
  static async start(
    natsUrl: string,
    options: { env?: Record<string, string>; kekFile?: string; id?: string } = {},
  ): Promise<SignerProcess> {
    const dataDirectory = tempDir('signer');
    const kekFile = options.kekFile ?? join(dataDirectory, 'kek');
    if (!options.kekFile) writeFileSync(kekFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const proc = new ManagedProcess('signer', process.execPath, [SIGNER_MAIN], {
      env: {
        ...process.env,
        SHOAL_NATS_URL: natsUrl,
        SHOAL_SIGNER_ID: options.id ?? `signer-${dataDirectory.slice(-6)}`,
        SHOAL_SIGNER_DATA_DIR: join(dataDirectory, 'store'),
        SHOAL_SIGNER_KEK: kekFile,
        SHOAL_SIGNER_CHECK_INTERVAL_MS: '500',
        SHOAL_LOG_LEVEL: 'info',
        ...options.env,
      },
    });
    await proc.waitForOutput(/shoal-signer ready/, 20_000);
    return new SignerProcess(proc, dataDirectory, kekFile);
  }

  async stop(): Promise<void> {
    await this.process.stop();
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

/** dns.admin.v1.DnssecService with the test token. */
export class DnssecClient {
  readonly client: api.DnssecServiceClient;
  readonly metadata = new grpc.Metadata();

  constructor(address: string, token = TEST_TOKEN) {
    this.client = new api.DnssecServiceClient(address, grpc.credentials.createInsecure());
    this.metadata.set('authorization', `Bearer ${token}`);
  }

  #call<Req, Res>(fn: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
      fn.call(this.client, req, this.metadata, { deadline: Date.now() + 30_000 }, (e, r) =>
        e ? reject(e) : resolve(r),
      ),
    );
  }

  setSigning(req: Partial<api.SetSigningRequest>): Promise<api.WriteResult> {
    return this.#call(this.client.setSigning as never, api.SetSigningRequest.fromPartial(req));
  }
  listKeys(zone: string): Promise<api.DnssecKeys> {
    return this.#call(this.client.listKeys as never, api.ListKeysRequest.fromPartial({ zone }));
  }
  generateKey(req: Partial<api.GenerateKeyRequest>): Promise<api.DnssecKeys> {
    return this.#call(this.client.generateKey as never, api.GenerateKeyRequest.fromPartial(req));
  }
  rollover(zone: string, role: string): Promise<api.DnssecKeys> {
    return this.#call(this.client.rolloverKey as never, api.RolloverKeyRequest.fromPartial({ zone, role }));
  }
  dsSeen(zone: string, id: string): Promise<api.DnssecKeys> {
    return this.#call(this.client.markDsSeen as never, api.MarkDsSeenRequest.fromPartial({ zone, id }));
  }
  retire(zone: string, id: string, force = false): Promise<api.DnssecKeys> {
    return this.#call(this.client.retireKey as never, api.RetireKeyRequest.fromPartial({ zone, id, force }));
  }
  deleteKey(zone: string, id: string, force = false): Promise<api.DnssecKeys> {
    return this.#call(this.client.deleteKey as never, api.DeleteKeyRequest.fromPartial({ zone, id, force }));
  }
  close(): void {
    this.client.close();
  }
}

/** An Unbound validating resolver: a stub zone at the node, our trust anchors, loopback only. */
export class UnboundProcess {
  private constructor(
    readonly process: ManagedProcess,
    readonly port: number,
    readonly directory: string,
  ) {}

  static async start(options: {
    stubs: { zone: string; port: number }[];
    anchors: string[];
    maxTtl?: number;
  }): Promise<UnboundProcess> {
    const directory = tempDir('unbound');
    const port = await freePort();
    const config = [
      'server:',
      `  interface: 127.0.0.1@${port}`,
      `  port: ${port}`,
      '  do-ip6: no',
      '  do-not-query-localhost: no',
      '  username: ""',
      '  chroot: ""',
      `  directory: "${directory}"`,
      '  pidfile: ""',
      '  use-syslog: no',
      '  logfile: ""',
      '  verbosity: 1',
      '  val-log-level: 2',
      '  module-config: "validator iterator"',
      '  qname-minimisation: no',
      '  aggressive-nsec: no',
      '  harden-dnssec-stripped: yes',
      '  access-control: 127.0.0.0/8 allow',
      // Unbound answers test. and invalid. itself (RFC 6761 defaults) unless told not to.
      '  local-zone: "test." nodefault',
      '  local-zone: "invalid." nodefault',
      `  cache-max-ttl: ${options.maxTtl ?? 86400}`,
      `  cache-max-negative-ttl: ${options.maxTtl ?? 3600}`,
      ...options.anchors.map((a) => `  trust-anchor: "${a}"`),
      'remote-control:',
      '  control-enable: no',
      ...options.stubs.flatMap((s) => [
        'stub-zone:',
        `  name: "${s.zone}"`,
        `  stub-addr: 127.0.0.1@${s.port}`,
      ]),
    ].join('\n');
    writeFileSync(join(directory, 'unbound.conf'), `${config}\n`);
    const proc = new ManagedProcess('unbound', 'unbound', ['-d', '-c', join(directory, 'unbound.conf')], {
      env: { ...process.env, PATH },
    });
    await proc.waitForOutput(/start of service/, 15_000);
    return new UnboundProcess(proc, port, directory);
  }

  async dispose(): Promise<void> {
    await this.process.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** The zone as a clean projection of the stream holds it, as zone-file text in canonical order. */
export async function dumpZone(natsUrl: string, zone: string, upTo: number): Promise<string> {
  const dir = tempDir('dump');
  const store = await ZoneStore.open(dir);
  const nc = await connect({ servers: natsUrl });
  try {
    const follower = new StreamFollower(jetstream(nc), store);
    follower.start();
    await follower.waitForSequence(upTo, 15_000);
    await follower.stop();
    const meta = store.zone(zone)!;
    const records = [];
    for await (const set of store.rrsets(meta)) {
      for (const rdata of set.rdatas) {
        // RRSIGs carry the TTL of what they cover (the store keeps one TTL per RRset).
        const ttl =
          set.type === 46
            ? ((rdata[4] << 24) | (rdata[5] << 16) | (rdata[6] << 8) | rdata[7]) >>> 0
            : set.ttl;
        records.push({ name: set.owner, type: set.type, class: RRClass.IN, ttl, rdata });
      }
    }
    return writeZoneText(records, { origin: Name.parse(zone) });
  } finally {
    await nc.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
