import type { AppContext } from '../../context';
import { commitTogether } from '../../db/group-commit';
import { presenceAudience } from '../friends/audience';

/**
 * Tells friends and everyone who shares a conversation with the user that they came online or went
 * offline. Strangers, and anyone on either side of a block, are never told.
 */
export async function announcePresence(ctx: AppContext, userId: string, online: boolean): Promise<void> {
  const userIds = await presenceAudience(ctx, userId);
  if (userIds.length === 0) return;
  const lastSeenAt = online ? null : (ctx.presence.lastSeen(userId) ?? ctx.now());
  ctx.bus.publish({ to: 'users', userIds, frame: { type: 'presence', presence: { userId, online, lastSeenAt } } });
}

/**
 * Last seen survives restarts: it is written when the user's last socket closes. Many close at once
 * when a node restarts or a network blips, so these writes share commits like sends do.
 */
export async function recordLastSeen(ctx: AppContext, userId: string, at: number): Promise<void> {
  await commitTogether(ctx.db, ctx.dialect, (trx) => trx.updateTable('users').set({ last_seen_at: at }).where('id', '=', userId).execute());
}
