import type { NatsConnection } from '@nats-io/transport-node';
import { HEARTBEAT_SUBJECT_WILDCARD, NodeHeartbeat } from '@shoal/events';

/** Resolves when the node's heartbeat reports `sequence` applied (nodes beat once a second). */
export function waitForApplied(
  nc: NatsConnection,
  nodeId: string,
  sequence: number,
  timeoutMs = 30_000,
): Promise<NodeHeartbeat> {
  return new Promise((resolve, reject) => {
    const sub = nc.subscribe(HEARTBEAT_SUBJECT_WILDCARD);
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`node ${nodeId} did not report sequence ${sequence} within ${timeoutMs} ms`));
    }, timeoutMs);
    void (async () => {
      for await (const m of sub) {
        const hb = NodeHeartbeat.decode(m.data);
        if (hb.nodeId === nodeId && hb.appliedSequence >= sequence) {
          clearTimeout(timer);
          sub.unsubscribe();
          resolve(hb);
        }
      }
    })();
  });
}
