import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { NodeConfig } from './config.js';

/**
 * Several serving processes on one machine ("use every core"). Each worker is a complete node:
 * its own LevelDB store (<data>/worker-<i>), its own ordered consumer and in-memory zones. The
 * store is replicated per worker rather than shared: LevelDB allows one process per directory,
 * and a projection per worker keeps the query path free of any cross-process call. The
 * sockets are shared through the cluster module (the primary holds them; the kernel hands each
 * UDP datagram to one worker, the primary deals TCP connections round-robin).
 *
 * Worker 0 keeps the node id and the web server; worker i > 0 reports as "<id>.w<i>", so the
 * fleet view and WaitForSync see every worker's own position.
 */
export function workerCount(config: NodeConfig): number {
  return config.workers === 0 ? availableParallelism() : config.workers;
}

export function workerConfig(config: NodeConfig, index: number): NodeConfig {
  return {
    ...config,
    nodeId: index === 0 ? config.nodeId : `${config.nodeId}.w${index}`,
    dataDirectory: join(config.dataDirectory, `worker-${index}`),
    ops: index === 0 ? config.ops : { ...config.ops, web: { ...config.ops.web, listen: undefined } },
  };
}

export interface WorkerReady {
  kind: 'serving';
  index: number;
  endpoints: string[];
}

/**
 * The primary: starts the workers, restarts one that dies (after a second, so a crash loop
 * does not spin), and stops them all on SIGTERM/SIGINT.
 */
export async function superviseWorkers(
  config: NodeConfig,
  log: Logger,
  onAllServing: (endpoints: string[]) => void,
): Promise<void> {
  const count = workerCount(config);
  const byIndex = new Map<number, Worker>();
  let stopping = false;
  const serving = new Set<number>();
  const fork = (index: number) => {
    const worker = cluster.fork({ SHOAL_WORKER_INDEX: String(index) });
    byIndex.set(index, worker);
    worker.on('message', (m: WorkerReady) => {
      if (m?.kind !== 'serving') return;
      serving.add(index);
      if (serving.size === count) onAllServing(m.endpoints);
    });
    worker.on('exit', (code, signal) => {
      byIndex.delete(index);
      if (stopping) return;
      log.warn({ worker: index, code, signal }, 'worker exited; restarting');
      setTimeout(() => fork(index), 1000);
    });
  };
  for (let i = 0; i < count; i++) fork(i);
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    for (const w of byIndex.values()) w.process.kill('SIGTERM');
    const done = () => (byIndex.size === 0 ? process.exit(0) : setTimeout(done, 50));
    done();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
