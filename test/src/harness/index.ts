export { AdminClient, AdminProcess, ADMIN_MAIN, DNSCTL_MAIN, NODE_MAIN, NodeProcess, REPO_ROOT, TEST_TOKEN, tempDir } from './services.js';
export { buildQuery, dig, query, type QueryOptions, tcpExchange, udpExchange } from './dns-client.js';
export { NatsServer, type NatsServerOptions } from './nats-server.js';
export { NatsCluster } from './nats-cluster.js';
export { TcpProxy } from './tcp-proxy.js';
export { ManagedProcess } from './process.js';
export { freePort, waitFor } from './ports.js';
export { loadSyntheticHistory } from './event-load.js';
export { waitForApplied } from './heartbeats.js';
