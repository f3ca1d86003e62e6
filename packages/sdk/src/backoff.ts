export interface BackoffOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
}

export const DEFAULT_MIN_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 15_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): "equal jitter" over a doubling ceiling, so a
 * crowd of clients dropped by one server restart spreads out instead of returning in lockstep.
 * Always within [minDelayMs, maxDelayMs].
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const min = Math.max(0, opts.minDelayMs ?? DEFAULT_MIN_DELAY_MS);
  const max = Math.max(min, opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const ceiling = Math.min(max, min * 2 ** (Math.max(0, attempt) + 1));
  const floor = Math.max(min, ceiling / 2);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(floor + r * (ceiling - floor));
}
