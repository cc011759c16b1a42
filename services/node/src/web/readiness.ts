import type { ReadinessLimits } from '../control/ops-config.js';
import type { ReplicationLag } from '../metrics/index.js';

/** What readiness is judged on; gathered by NodeStatus. */
export interface ReadinessInput {
  /** DNS sockets open. */
  serving: boolean;
  /** How long NATS (or the stream) has been unreachable; 0 while it is reachable. */
  disconnectedSeconds: number;
  /** The stream's position has been learned since start (an event delivered or a probe answered). */
  positionKnown: boolean;
  lag: ReplicationLag;
  /** Shutting down: withdraw first, then stop answering. */
  draining?: boolean;
}

export interface Readiness {
  ready: boolean;
  /** Why not, in words an operator can act on; empty when ready. */
  reasons: string[];
}

/**
 * Ready means: answering, and answering what the stream says, within the configured lag. This
 * is the signal that announces the node's anycast route, so every "no" says why. Pure.
 */
export function evaluateReadiness(input: ReadinessInput, limits: ReadinessLimits): Readiness {
  const reasons: string[] = [];
  if (input.draining) reasons.push('shutting down');
  if (!input.serving) reasons.push('DNS sockets are not open');
  if (limits.maxDisconnectedSeconds >= 0 && input.disconnectedSeconds > limits.maxDisconnectedSeconds) {
    reasons.push(
      `NATS unreachable for ${input.disconnectedSeconds.toFixed(1)} s (limit ${limits.maxDisconnectedSeconds} s)`,
    );
  }
  if (!input.positionKnown) reasons.push('stream position not known yet');
  if (input.lag.events > limits.maxLagEvents) {
    reasons.push(`${input.lag.events} events behind (limit ${limits.maxLagEvents})`);
  }
  if (input.lag.seconds > limits.maxLagSeconds) {
    reasons.push(`behind for ${input.lag.seconds.toFixed(1)} s (limit ${limits.maxLagSeconds} s)`);
  }
  return { ready: reasons.length === 0, reasons };
}
