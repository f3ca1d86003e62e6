import type { UserRef } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { presentUserRef } from '../accounts/presenters';
import { findUserById } from '../accounts/queries';
import { dropRequestsBetween, unfriend } from './commands';

/** Blocking ends the friendship and any pending request; the blocked user is not told beyond that. */
export async function blockUser(ctx: AppContext, auth: Auth, userId: string): Promise<void> {
  if (userId === auth.userId) throw new AppError('cannot_target_self', 'you cannot block yourself');
  const user = await findUserById(ctx.db, userId);
  if (!user || user.deleted_at !== null) throw notFound('user not found');
  await ctx.db
    .insertInto('blocks')
    .values({ blocker_id: auth.userId, blocked_id: userId, created_at: ctx.now() })
    .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
    .execute();
  await unfriend(ctx, auth.userId, userId);
  await dropRequestsBetween(ctx, auth.userId, userId);
}

export async function unblockUser(ctx: AppContext, auth: Auth, userId: string): Promise<void> {
  await ctx.db.deleteFrom('blocks').where('blocker_id', '=', auth.userId).where('blocked_id', '=', userId).execute();
}

export async function listBlocked(ctx: AppContext, auth: Auth): Promise<UserRef[]> {
  const rows = await ctx.db
    .selectFrom('blocks')
    .innerJoin('users', 'users.id', 'blocks.blocked_id')
    .select(['users.id', 'users.username', 'users.deleted_at'])
    .where('blocks.blocker_id', '=', auth.userId)
    .orderBy('blocks.created_at', 'desc')
    .execute();
  return rows.map(presentUserRef);
}
