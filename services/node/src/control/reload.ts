import type { Logger } from 'pino';
import { loadNodeConfig, type NodeConfig } from '../config.js';
import type { NodeServer } from '../node-server.js';
import { rateLimiter } from '../rrl-config.js';
import type { NodeStatus } from './node-status.js';
import { applyQueryLog } from './query-log.js';
import { planReload, type RuntimeSettings } from './runtime-settings.js';

export interface ReloadResult {
  ok: boolean;
  changed: string[];
  /** Settings that differ in the file but apply only after a restart. */
  need_restart: string[];
  error?: string;
}

export interface ReloadContext {
  node: NodeServer;
  status: NodeStatus;
  settings: RuntimeSettings;
  running: NodeConfig;
  env: Record<string, string | undefined>;
  configFile?: string;
  log: Logger;
}

/**
 * Reads the configuration again and applies what can change while serving: log level, query
 * log, web API key, NSID, readiness limits. A file that does not validate changes nothing.
 */
export function reloader(ctx: ReloadContext): (via: string) => Promise<ReloadResult> {
  let queue = Promise.resolve<unknown>(undefined);
  const reload = async (via: string): Promise<ReloadResult> => {
    let next: NodeConfig;
    try {
      next = loadNodeConfig(ctx.env, ctx.configFile);
    } catch (e) {
      ctx.log.warn({ via, err: (e as Error).message }, 'configuration reload refused; nothing changed');
      return { ok: false, changed: [], need_restart: [], error: (e as Error).message };
    }
    const plan = planReload(ctx.running, ctx.settings, next);
    for (const key of plan.changed) {
      switch (key) {
        case 'logLevel':
          ctx.node.log.level = plan.next.logLevel;
          break;
        case 'queryLog':
          applyQueryLog(ctx.node.meter, ctx.node.log, plan.next.queryLog);
          break;
        case 'nsid':
        case 'cookies':
          // Both are baked into cached replies, so a new Responder (with an empty cache) it is.
          ctx.status.replaceResponder(ctx.node.makeResponder(plan.next));
          break;
        case 'rrl':
          ctx.node.rateLimiter = rateLimiter(plan.next.rrl);
          break;
        default:
          break;
      }
    }
    Object.assign(ctx.settings, plan.next);
    ctx.log.info({ via, changed: plan.changed, need_restart: plan.needRestart }, 'configuration reloaded');
    return { ok: true, changed: plan.changed, need_restart: plan.needRestart };
  };
  // One reload at a time: a SIGHUP during an HTTP reload waits its turn.
  return (via) => {
    const run = queue.then(() => reload(via));
    queue = run.catch(() => {});
    return run;
  };
}
