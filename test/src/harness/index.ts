export { buildQuery, dig, type QueryOptions, query, tcpExchange, udpExchange } from './dns-client.js';
export { loadSyntheticHistory } from './event-load.js';
export { waitForApplied } from './heartbeats.js';
export { NatsCluster } from './nats-cluster.js';
export { NatsServer, type NatsServerOptions } from './nats-server.js';
export { freePort, waitFor } from './ports.js';
export { ManagedProcess } from './process.js';
export {
  ADMIN_MAIN,
  AdminClient,
  AdminProcess,
  DNSCTL_MAIN,
  NODE_MAIN,
  NodeProcess,
  REPO_ROOT,
  scratchDir,
  TEST_TOKEN,
  tempDir,
} from './services.js';
export { TcpProxy } from './tcp-proxy.js';
