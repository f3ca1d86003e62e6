import type { AdminUser } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { findUserById } from '../accounts/queries';
import { recordAudit } from './audit';
import { presentAdminUser } from './presenters';

async function targetUser(ctx: AppContext, auth: Auth, userId: string) {
  const user = await findUserById(ctx.db, userId);
  if (!user || user.deleted_at !== null) throw notFound('user not found');
  if (user.id === auth.userId) throw new AppError('cannot_target_self', 'you cannot ban yourself');
  // Administrators settle disagreements elsewhere: one cannot lock another out.
  if (user.is_admin === 1) throw new AppError('forbidden', 'administrators cannot be banned');
  return user;
}

/** Ends every session of the user; their sockets get a goodbye and close at once. Banning twice is fine. */
export async function banUser(ctx: AppContext, auth: Auth, userId: string, reason: string): Promise<AdminUser> {
  const user = await targetUser(ctx, auth, userId);
  const now = ctx.now();
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('users').set({ banned_at: now }).where('id', '=', user.id).where('banned_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) > 0) await recordAudit(trx, now, { actorId: auth.userId, action: 'ban', targetUserId: user.id, detail: reason });
    const sessions = await trx.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return sessions.map((s) => s.id);
  });
  if (ended.length > 0) ctx.bus.publish({ to: 'end_sessions', sessionIds: ended, reason: 'banned' });
  return presentAdminUser({ ...user, banned_at: user.banned_at ?? now });
}

export async function unbanUser(ctx: AppContext, auth: Auth, userId: string): Promise<AdminUser> {
  const user = await targetUser(ctx, auth, userId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('users').set({ banned_at: null }).where('id', '=', user.id).where('banned_at', 'is not', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) > 0) await recordAudit(trx, now, { actorId: auth.userId, action: 'unban', targetUserId: user.id });
  });
  return presentAdminUser({ ...user, banned_at: null });
}

/** ADMIN_USERNAMES are promoted at start and at sign-up; taking a name off the list does not demote. */
export async function promoteConfiguredAdmins(ctx: AppContext): Promise<void> {
  const names = ctx.config.security.adminUsernames;
  if (names.length === 0) return;
  await ctx.db.updateTable('users').set({ is_admin: 1 }).where('username_key', 'in', names).where('deleted_at', 'is', null).execute();
}
