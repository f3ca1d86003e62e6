export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempt + 1`: base · 4^(attempt−1), capped, then spread ±25% so jobs that
 * failed together (a mail server down for a minute) do not all come back in the same instant.
 */
export function backoffMs(attempt: number, b: Backoff, random: () => number = Math.random): number {
  const raw = Math.min(b.maxMs, b.baseMs * 4 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.75 + random() * 0.5));
}
