import type { Auth, AppContext } from '../../context';
import { newSecret, sha256 } from '../../util/ids';

// Refreshing last_seen_at on every request would turn each read into a write.
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export async function createSession(ctx: AppContext, userId: string, userAgent: string): Promise<{ token: string; id: string }> {
  const token = newSecret();
  const id = sha256(token);
  const now = ctx.now();
  await ctx.db
    .insertInto('sessions')
    .values({ id, user_id: userId, created_at: now, last_seen_at: now, expires_at: now + ctx.config.sessionTtlMs, user_agent: userAgent.slice(0, 256) })
    .execute();
  return { token, id };
}

/** The caller behind a token, or null when the token is unknown, expired or its user deleted. */
export async function authenticateToken(ctx: AppContext, token: string): Promise<Auth | null> {
  if (token.length < 16 || token.length > 128) return null;
  const id = sha256(token);
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.last_seen_at', 'users.id as user_id', 'users.username', 'users.is_admin', 'users.deleted_at', 'users.email_verified', 'users.banned_at'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  const now = ctx.now();
  if (!row || row.deleted_at !== null || row.banned_at !== null) return null;
  const idleMs = ctx.config.security.sessionIdleMs;
  if (row.expires_at <= now || now - row.last_seen_at > idleMs) {
    await endSession(ctx, id);
    return null;
  }
  // Often enough that a session in use never reaches its idle limit.
  if (now - row.last_seen_at > Math.min(TOUCH_INTERVAL_MS, idleMs / 4)) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return { userId: row.user_id, username: row.username, isAdmin: row.is_admin === 1, sessionId: row.session_id, emailVerified: row.email_verified === 1 };
}

export async function endSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
