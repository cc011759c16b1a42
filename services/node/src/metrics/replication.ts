/** How far a node's projection is behind the stream. No I/O: fed by whoever observes. */

export interface ReplicationLag {
  /** Events in the stream not yet applied here. */
  events: number;
  /**
   * How long the node has continuously had unapplied events; 0 when caught up. Unlike the age
   * of the last event, this stays 0 when a zone that was quiet for hours changes and the node
   * applies the change within milliseconds, and it grows while a node is stuck or catching up.
   */
  seconds: number;
}

export class LagTracker {
  private behindSinceMs = 0;

  /** The lag now, given the applied position and the newest known stream position. */
  update(appliedSequence: number, streamLastSequence: number, nowMs: number): ReplicationLag {
    const events = Math.max(0, streamLastSequence - appliedSequence);
    if (events === 0) {
      this.behindSinceMs = 0;
      return { events, seconds: 0 };
    }
    if (this.behindSinceMs === 0) this.behindSinceMs = nowMs;
    return { events, seconds: (nowMs - this.behindSinceMs) / 1000 };
  }
}
