import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { CONTROL_SUBJECT_PREFIX, encodeZoneToken } from '@shoal/events';

/** The subjects a node answers control requests on: its own, and the whole fleet's. */
export function controlSubjects(nodeId: string, command: string): string[] {
  const token = encodeZoneToken([new TextEncoder().encode(nodeId)]);
  return [`${CONTROL_SUBJECT_PREFIX}node.${token}.${command}`, `${CONTROL_SUBJECT_PREFIX}fleet.${command}`];
}

/**
 * Answers `dns.control.node.<id>.<command>` and `dns.control.fleet.<command>` requests with a
 * JSON reply, once the node has a NATS connection (it may get one late, or never).
 */
export function serveControl(
  source: { readonly nc?: NatsConnection },
  nodeId: string,
  commands: Record<string, () => Promise<unknown>>,
): () => void {
  const subs: Subscription[] = [];
  let stopped = false;
  const attach = (nc: NatsConnection) => {
    for (const [command, run] of Object.entries(commands)) {
      for (const subject of controlSubjects(nodeId, command)) {
        subs.push(
          nc.subscribe(subject, {
            callback: (_err, msg) => {
              run()
                .then((result) => msg.respond(JSON.stringify({ node: nodeId, ok: true, result })))
                .catch((err) => msg.respond(JSON.stringify({ node: nodeId, ok: false, error: String(err) })));
            },
          }),
        );
      }
    }
  };
  const timer = setInterval(() => {
    if (stopped || !source.nc) return;
    clearInterval(timer);
    attach(source.nc);
  }, 200);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    for (const s of subs) s.unsubscribe();
  };
}
