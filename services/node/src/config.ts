import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { checkLogLevel, type OpsConfig, parseOpsConfig } from './control/ops-config.js';
import { type CookieConfig, parseCookieConfig } from './cookie-config.js';
import type { UdpIo } from './frontend/index.js';
import { parseRrlConfig, type RrlConfig } from './rrl-config.js';

export interface NodeConfig {
  nodeId: string;
  region: string;
  natsServers: string[];
  dataDirectory: string;
  /** Addresses to answer DNS on (UDP and TCP). Loopback unless configured. */
  listen: { address: string; port: number }[];
  maxUdpPayload: number;
  /** UDP I/O: batched (recvmmsg/sendmmsg addon), dgram (Node's sockets) or auto (batched when built). */
  udpIo: UdpIo;
  nsid?: string;
  /** DNS Cookies (cookie-config.ts): on by default. */
  cookies: CookieConfig;
  /** Response rate limiting over UDP (rrl-config.ts): off by default. */
  rrl: RrlConfig;
  /**
   * DNS over TLS (RFC 7858; zone transfers over it are XoT, RFC 9103): addresses, and the PEM
   * certificate chain and key read from their files at start. Off without addresses.
   */
  tls: {
    listen: { address: string; port: number }[];
    certFile?: string;
    keyFile?: string;
    cert?: string;
    key?: string;
  };
  heartbeatIntervalMs: number;
  logLevel: string;
  /** The stream this node reads: DNS, or its region's mirror of it (e.g. DNS_EU). */
  stream: string;
  /** An empty node first loads the fleet checkpoint from the Object Store. */
  checkpointBootstrap: boolean;
  /** Publish a checkpoint this often (seconds); 0 = never (one or two nodes per fleet do it). */
  checkpointIntervalSeconds: number;
  /** Snapshot-and-purge zones whose subject holds this many events; 0 = this node does not compact. */
  compactMinEvents: number;
  /** Serving processes (workers.ts); 1 = a single process, 0 = one per core. */
  workers: number;
  /** ChangeSets kept per zone for IXFR (older serials get AXFR). */
  journalLimit: number;
  /** Web server, privileges, query log and readiness limits (control/ops-config.ts). */
  ops: OpsConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function readPem(what: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${what}: cannot read ${file}: ${(e as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new ConfigError(`${what}: ${file} is not PEM`);
  return text;
}

function parseListen(text: string): { address: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m) throw new ConfigError(`listen: ${JSON.stringify(text)} is not address:port`);
  const port = Number(m[2]);
  if (port > 65535) throw new ConfigError(`listen: port ${port} out of range`);
  return { address: m[1], port };
}

/**
 * Defaults, then the YAML file, then the environment (SHOAL_NODE_ID, SHOAL_REGION,
 * SHOAL_NATS_URL, SHOAL_NODE_DATA_DIR, SHOAL_DNS_LISTEN (comma-separated address:port),
 * SHOAL_MAX_UDP_PAYLOAD, SHOAL_UDP_IO, SHOAL_NSID, SHOAL_LOG_LEVEL, SHOAL_DNS_TLS_LISTEN,
 * SHOAL_DNS_TLS_CERT_FILE, SHOAL_DNS_TLS_KEY_FILE; cookies: cookie-config.ts; rate limiting: rrl-config.ts).
 */
export function loadNodeConfig(env: Record<string, string | undefined>, file?: string): NodeConfig {
  const config: NodeConfig = {
    nodeId: hostname(),
    region: 'default',
    natsServers: ['nats://127.0.0.1:4222'],
    dataDirectory: '.data/node',
    listen: [{ address: '127.0.0.1', port: 5300 }],
    maxUdpPayload: 1232,
    udpIo: 'auto',
    cookies: parseCookieConfig(undefined, {}),
    rrl: parseRrlConfig(undefined, {}),
    tls: { listen: [] },
    heartbeatIntervalMs: 1000,
    logLevel: 'info',
    stream: 'DNS',
    checkpointBootstrap: true,
    checkpointIntervalSeconds: 0,
    compactMinEvents: 0,
    workers: 1,
    journalLimit: 1000,
    ops: parseOpsConfig({}, {}),
  };
  let opsDoc: Record<string, unknown> = {};
  let cookieDoc: Parameters<typeof parseCookieConfig>[0];
  let rrlDoc: Parameters<typeof parseRrlConfig>[0];
  if (file) {
    let doc: Record<string, unknown>;
    try {
      doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`${file}: ${(e as Error).message}`);
    }
    if (typeof doc.node_id === 'string') config.nodeId = doc.node_id;
    if (typeof doc.region === 'string') config.region = doc.region;
    const nats = doc.nats as { servers?: string[] } | undefined;
    if (nats?.servers) config.natsServers = nats.servers;
    if (typeof doc.data_directory === 'string') config.dataDirectory = doc.data_directory;
    const dns = doc.dns as
      | {
          listen?: string[];
          max_udp_payload?: number;
          nsid?: string;
          udp_io?: UdpIo;
          cookies?: Parameters<typeof parseCookieConfig>[0];
          rrl?: Parameters<typeof parseRrlConfig>[0];
          tls?: { listen?: string[]; cert_file?: string; key_file?: string };
        }
      | undefined;
    if (dns?.listen) config.listen = dns.listen.map(parseListen);
    if (dns?.max_udp_payload) config.maxUdpPayload = dns.max_udp_payload;
    if (dns?.nsid) config.nsid = dns.nsid;
    if (dns?.udp_io !== undefined) config.udpIo = dns.udp_io;
    cookieDoc = dns?.cookies;
    rrlDoc = dns?.rrl;
    if (dns?.tls?.listen) config.tls.listen = dns.tls.listen.map(parseListen);
    if (dns?.tls?.cert_file) config.tls.certFile = dns.tls.cert_file;
    if (dns?.tls?.key_file) config.tls.keyFile = dns.tls.key_file;
    if (typeof doc.log_level === 'string') config.logLevel = doc.log_level;
    if (typeof doc.stream === 'string') config.stream = doc.stream;
    const checkpoint = doc.checkpoint as { bootstrap?: boolean; publish_interval_s?: number } | undefined;
    if (checkpoint?.bootstrap !== undefined) config.checkpointBootstrap = checkpoint.bootstrap;
    if (checkpoint?.publish_interval_s !== undefined)
      config.checkpointIntervalSeconds = checkpoint.publish_interval_s;
    if (typeof doc.workers === 'number') config.workers = doc.workers;
    if (typeof doc.journal_limit === 'number') config.journalLimit = doc.journal_limit;
    const compaction = doc.compaction as { min_events?: number } | undefined;
    if (compaction?.min_events !== undefined) config.compactMinEvents = compaction.min_events;
    opsDoc = doc;
  }
  if (env.SHOAL_NODE_ID) config.nodeId = env.SHOAL_NODE_ID;
  if (env.SHOAL_REGION) config.region = env.SHOAL_REGION;
  if (env.SHOAL_NATS_URL) config.natsServers = env.SHOAL_NATS_URL.split(',');
  if (env.SHOAL_NODE_DATA_DIR) config.dataDirectory = env.SHOAL_NODE_DATA_DIR;
  if (env.SHOAL_DNS_LISTEN) config.listen = env.SHOAL_DNS_LISTEN.split(',').map(parseListen);
  if (env.SHOAL_MAX_UDP_PAYLOAD) config.maxUdpPayload = Number(env.SHOAL_MAX_UDP_PAYLOAD);
  if (env.SHOAL_NSID) config.nsid = env.SHOAL_NSID;
  if (env.SHOAL_DNS_TLS_LISTEN) config.tls.listen = env.SHOAL_DNS_TLS_LISTEN.split(',').map(parseListen);
  if (env.SHOAL_DNS_TLS_CERT_FILE) config.tls.certFile = env.SHOAL_DNS_TLS_CERT_FILE;
  if (env.SHOAL_DNS_TLS_KEY_FILE) config.tls.keyFile = env.SHOAL_DNS_TLS_KEY_FILE;
  if (env.SHOAL_UDP_IO) config.udpIo = env.SHOAL_UDP_IO as UdpIo;
  if (env.SHOAL_LOG_LEVEL) config.logLevel = env.SHOAL_LOG_LEVEL;
  if (env.SHOAL_STREAM) config.stream = env.SHOAL_STREAM;
  if (env.SHOAL_CHECKPOINT_BOOTSTRAP) config.checkpointBootstrap = env.SHOAL_CHECKPOINT_BOOTSTRAP !== 'false';
  if (env.SHOAL_CHECKPOINT_INTERVAL_S)
    config.checkpointIntervalSeconds = Number(env.SHOAL_CHECKPOINT_INTERVAL_S);
  if (env.SHOAL_COMPACT_MIN_EVENTS) config.compactMinEvents = Number(env.SHOAL_COMPACT_MIN_EVENTS);
  if (env.SHOAL_WORKERS) config.workers = Number(env.SHOAL_WORKERS);
  if (env.SHOAL_JOURNAL_LIMIT) config.journalLimit = Number(env.SHOAL_JOURNAL_LIMIT);
  if (!Number.isInteger(config.journalLimit) || config.journalLimit < 1) {
    throw new ConfigError(`journal_limit: ${config.journalLimit} must be a positive integer`);
  }
  if (!Number.isInteger(config.workers) || config.workers < 0 || config.workers > 256) {
    throw new ConfigError(`workers: ${config.workers} must be 0 (one per core) to 256`);
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.stream))
    throw new ConfigError(`stream: ${JSON.stringify(config.stream)} is not a stream name`);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(config.nodeId))
    throw new ConfigError(`node_id: ${JSON.stringify(config.nodeId)} must be 1-64 of [A-Za-z0-9_.-]`);
  if (!Number.isInteger(config.maxUdpPayload) || config.maxUdpPayload < 512 || config.maxUdpPayload > 65535) {
    throw new ConfigError(`dns.max_udp_payload: ${config.maxUdpPayload} must be 512..65535`);
  }
  if (!['auto', 'batched', 'dgram'].includes(config.udpIo))
    throw new ConfigError(`dns.udp_io: ${JSON.stringify(config.udpIo)} must be auto, batched or dgram`);
  if (config.listen.length === 0) throw new ConfigError('dns.listen: at least one address is needed');
  if (config.tls.listen.length > 0) {
    if (!config.tls.certFile || !config.tls.keyFile)
      throw new ConfigError('dns.tls: listening for DNS over TLS needs cert_file and key_file');
    config.tls.cert = readPem('dns.tls.cert_file', config.tls.certFile);
    config.tls.key = readPem('dns.tls.key_file', config.tls.keyFile);
  }
  checkLogLevel(config.logLevel);
  config.ops = parseOpsConfig(opsDoc, env);
  config.cookies = parseCookieConfig(cookieDoc, env);
  config.rrl = parseRrlConfig(rrlDoc, env);
  return config;
}
