import { metrics } from '@opentelemetry/api';
import type { NodeConfig } from '../config.js';
import { registerNodeInstruments } from '../metrics/index.js';
import type { NodeServer } from '../node-server.js';
import { DashboardFeed } from '../web/dashboard-feed.js';
import { summarizeEffects } from '../web/recent-changes.js';
import { StreamWatch } from '../web/stream-watch.js';
import { type NodeWeb, startNodeWeb } from '../web/web-server.js';
import { serveControl } from './nats-control.js';
import { NodeStatus } from './node-status.js';
import { applyQueryLog } from './query-log.js';
import { type ReloadResult, reloader } from './reload.js';
import { runtimeSettings } from './runtime-settings.js';

export interface OperationsOptions {
  node: NodeServer;
  config: NodeConfig;
  /** Read again on reload. */
  configFile?: string;
  env: Record<string, string | undefined>;
  /** The Prometheus text of the process's meter provider (from @shoal/telemetry). */
  metricsText?: () => Promise<string>;
}

export interface Operations {
  status: NodeStatus;
  web?: NodeWeb;
  reload(via: string): Promise<ReloadResult>;
  /** Fails /readyz and waits readiness.drain_seconds, before the DNS sockets close. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Everything operators touch on a node, attached to a listening NodeServer: readiness and its
 * stream watch, metrics instruments, the query log, the web server with the dashboard, and
 * reload by SIGHUP, HTTP and NATS. Call after listen() and before dropping privileges, so the
 * web port can be a privileged one.
 */
export async function startOperations(o: OperationsOptions): Promise<Operations> {
  const { node, config } = o;
  const log = node.log;
  const settings = runtimeSettings(config);
  const watch = new StreamWatch(node, config.stream, 5000, node.startedAtMs);
  watch.start();
  const status = new NodeStatus(node, watch, settings);
  const feed = new DashboardFeed(status, node.meter);
  feed.start();
  node.effectListeners.push((effects) => feed.announce(summarizeEffects(effects, Date.now())));
  const stopInstruments = registerNodeInstruments(metrics.getMeter('shoal-node'), status);
  applyQueryLog(node.meter, log, settings.queryLog);
  const reload = reloader({
    node,
    status,
    settings,
    running: config,
    env: o.env,
    configFile: o.configFile,
    log,
  });

  let web: NodeWeb | undefined;
  const listen = config.ops.web.listen;
  if (listen) {
    try {
      web = await startNodeWeb({
        ...listen,
        status,
        feed,
        apiKey: () => settings.webApiKey,
        metricsText: o.metricsText ?? (async () => '# no metrics provider\n'),
        reload,
        log,
      });
      log.info(
        { web: `http://${hostPort(listen.address, web.port)}`, api_key: settings.webApiKey !== undefined },
        'web server listening',
      );
    } catch (err) {
      // The default address is best effort (several nodes on one test machine); a configured one must work.
      if (config.ops.web.explicit) throw err;
      log.warn(
        { err: String(err), listen },
        'web server not started: the default port is taken; set web.listen',
      );
    }
  }

  const onHangup = () => void reload('SIGHUP');
  process.on('SIGHUP', onHangup);
  const stopControl = serveControl(node, config.nodeId, { reload: () => reload('nats') });

  return {
    status,
    web,
    reload,
    async drain() {
      status.draining = true;
      const seconds = settings.readiness.drainSeconds;
      if (seconds > 0) {
        log.info({ seconds }, 'draining: /readyz fails, DNS still answers');
        await new Promise((r) => setTimeout(r, seconds * 1000));
      }
    },
    async stop() {
      process.off('SIGHUP', onHangup);
      stopControl();
      watch.stop();
      stopInstruments();
      await web?.close();
      feed.stop();
    },
  };
}

export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
