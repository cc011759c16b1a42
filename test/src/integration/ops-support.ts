/** Helpers shared by the ops-*.test.ts files: nodes with their web server, and HTTP calls to it. */
import { ManagedProcess, NODE_MAIN, NodeProcess } from '../harness/index.js';

export const WEB_KEY = 'ops-test-web-key-0123456789';

export interface WebNode {
  node: NodeProcess;
  /** http://address:port of the node's web server. */
  web: string;
}

/** A node with its web server on a free port of its DNS address (web.listen port 0). */
export async function startWebNode(
  natsUrl: string | string[],
  options: {
    nodeId?: string;
    region?: string;
    address?: string;
    apiKey?: string | null;
    env?: Record<string, string>;
    dataDirectory?: string;
  } = {},
): Promise<WebNode> {
  const address = options.address ?? '127.0.0.1';
  const env: Record<string, string> = { SHOAL_WEB_LISTEN: `${address}:0`, ...options.env };
  if (options.apiKey !== null) env.SHOAL_WEB_API_KEY = options.apiKey ?? WEB_KEY;
  const node = await NodeProcess.start(natsUrl, {
    nodeId: options.nodeId,
    region: options.region,
    address,
    env,
    dataDirectory: options.dataDirectory,
  });
  return { node, web: webUrl(node) };
}

export function webUrl(node: NodeProcess): string {
  const m = /shoal-node serving .* web=(http:\/\/\S+)/.exec(node.process.log);
  if (!m) throw new Error(`node printed no web address:\n${node.process.log}`);
  return m[1];
}

export async function get(
  url: string,
  key?: string,
  init: RequestInit = {},
): Promise<{ status: number; body: string; json<T = Record<string, unknown>>(): T; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (key) headers.set('x-api-key', key);
  const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(5000) });
  const body = await res.text();
  return { status: res.status, body, headers: res.headers, json: <T>() => JSON.parse(body) as T };
}

/** The value of one Prometheus sample (metric name with its exact label set), or undefined. */
export function sample(metrics: string, series: string): number | undefined {
  for (const line of metrics.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

/** Reads server-sent events from a URL until `until` returns true or the time is up. */
export async function readEvents(
  url: string,
  key: string | undefined,
  until: (events: { event: string; data: unknown }[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: string; data: unknown }[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: { event: string; data: unknown }[] = [];
  try {
    const res = await fetch(url, { headers: key ? { 'x-api-key': key } : {}, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`SSE ${url}: status ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (until(events)) break;
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

/** A node started with `--config <file>` (what reload reads again), plus environment. */
export async function startConfiguredNode(
  configFile: string,
  env: Record<string, string> = {},
): Promise<{ process: ManagedProcess; web: string; dnsPort: number }> {
  const proc = new ManagedProcess('node', process.execPath, [NODE_MAIN, '--config', configFile], {
    env: { ...process.env, SHOAL_LOG_LEVEL: '', ...env },
  });
  const m = await proc.waitForOutput(/shoal-node serving dns=\S+:(\d+) node=\S+ web=(http:\/\/\S+)/, 20_000);
  return { process: proc, dnsPort: Number(m[1]), web: m[2] };
}

/** The lines of pino JSON output a process has printed so far. */
export function logLines(proc: ManagedProcess): Record<string, unknown>[] {
  return proc.log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}
