import type { SoaTimers } from './soa.js';

/** Where a secondary zone stands with its primaries. */
export interface RefreshState {
  /** Last time a primary confirmed our serial or gave us a newer one (ms since 1970). */
  lastSuccessMs?: number;
  /** Checks failed in a row since then. */
  failures: number;
  timers: SoaTimers;
}

export interface RefreshBounds {
  /** Floor for the SOA timers, so a tiny REFRESH cannot hammer a primary. */
  minMs: number;
  /** Ceiling, so a huge REFRESH still gets checked now and then. */
  maxMs: number;
}

export const DEFAULT_REFRESH_BOUNDS: RefreshBounds = { minMs: 5_000, maxMs: 24 * 3600_000 };

const clamp = (ms: number, b: RefreshBounds) => Math.min(b.maxMs, Math.max(b.minMs, ms));

/**
 * RFC 1035 §4.3.5: check every REFRESH seconds; after a failed check, try again every RETRY
 * seconds; without success for EXPIRE seconds the zone is no longer served.
 */
export function nextCheckDelayMs(
  state: RefreshState,
  bounds: RefreshBounds = DEFAULT_REFRESH_BOUNDS,
): number {
  const seconds = state.failures === 0 ? state.timers.refresh : state.timers.retry;
  return clamp(seconds * 1000, bounds);
}

/** When the zone expires unless a check succeeds before; undefined before the first success. */
export function expiresAtMs(state: RefreshState): number | undefined {
  return state.lastSuccessMs === undefined ? undefined : state.lastSuccessMs + state.timers.expire * 1000;
}

export function isExpired(state: RefreshState, nowMs: number): boolean {
  const at = expiresAtMs(state);
  return at !== undefined && nowMs >= at;
}
