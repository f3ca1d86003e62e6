import type { SessionInfo } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { notFound } from '../../http/errors';
import { sha256 } from '../../util/ids';

/** Sessions are keyed by a token hash; clients see a hash of that, so the listing holds nothing usable. */
export function publicSessionId(sessionId: string): string {
  return sha256(`session:${sessionId}`).slice(0, 32);
}

export async function listSessions(ctx: AppContext, auth: Auth): Promise<SessionInfo[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', auth.userId)
    .where('expires_at', '>', ctx.now())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: publicSessionId(r.id),
    userAgent: r.user_agent,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    current: r.id === auth.sessionId,
  }));
}

/** Ends one of my sessions (this one included); its sockets are told and closed. */
export async function endMySession(ctx: AppContext, auth: Auth, publicId: string): Promise<void> {
  const rows = await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', auth.userId).execute();
  const match = rows.find((r) => publicSessionId(r.id) === publicId);
  if (!match) throw notFound('session not found');
  await ctx.db.deleteFrom('sessions').where('id', '=', match.id).execute();
  ctx.bus.publish({ to: 'end_sessions', sessionIds: [match.id], reason: 'logged_out' });
}

/** Ends every session of the user but `keep`; returns how many ended. */
export async function endOtherSessions(ctx: AppContext, userId: string, keep: string | null): Promise<number> {
  let q = ctx.db.selectFrom('sessions').select('id').where('user_id', '=', userId);
  if (keep) q = q.where('id', '!=', keep);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await ctx.db.deleteFrom('sessions').where('id', 'in', ids).execute();
  ctx.bus.publish({ to: 'end_sessions', sessionIds: ids, reason: 'logged_out' });
  return ids.length;
}
