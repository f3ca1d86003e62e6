import type { AppContext } from '../context';
import { AppError } from '../http/errors';
import type { RateRule } from '../util/rate-limit';

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

async function take(ctx: AppContext, key: string, rule: RateRule): Promise<void> {
  const decision = await ctx.rateLimiter.take(key, rule);
  if (!decision.ok) {
    const retryAfterS = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new AppError('rate_limited', `too many attempts, try again in ${retryAfterS} s`, { retryable: true, retryAfterS });
  }
}

/**
 * Checked before the password is hashed, so guessing costs the server nothing once limited.
 * Both buckets count every attempt: per address against spraying, per account against guessing.
 */
export async function limitLogin(ctx: AppContext, ip: string, username: string): Promise<void> {
  const { loginPerIp, loginPerAccount } = ctx.config.security.limits;
  await take(ctx, `login:ip:${ip}`, { capacity: loginPerIp, perMs: QUARTER_HOUR_MS });
  await take(ctx, `login:account:${username.normalize('NFC').toLowerCase().slice(0, 64)}`, { capacity: loginPerAccount, perMs: QUARTER_HOUR_MS });
}

export async function limitSignUp(ctx: AppContext, ip: string): Promise<void> {
  await take(ctx, `signup:ip:${ip}`, { capacity: ctx.config.security.limits.signUpPerIp, perMs: HOUR_MS });
}
