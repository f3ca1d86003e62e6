import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Searching and asking are per-user budgets, so nobody can walk the user list or spam requests. */
export async function spend(ctx: AppContext, userId: string, what: 'search' | 'request'): Promise<void> {
  const { friendSearchesPerMinute, friendRequestsPerHour } = ctx.config.limits;
  const rule = what === 'search' ? { capacity: friendSearchesPerMinute, perMs: MINUTE } : { capacity: friendRequestsPerHour, perMs: HOUR };
  const decision = await ctx.rateLimiter.take(`friends:${what}:${userId}`, rule);
  if (decision.ok) return;
  const retryAfterS = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  throw new AppError('rate_limited', `too many ${what === 'search' ? 'searches' : 'friend requests'}, try again in ${retryAfterS} s`, {
    retryable: true,
    retryAfterS,
  });
}
