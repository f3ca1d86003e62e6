import type { AppContext, Auth } from '../../context';
import { AppError } from '../../http/errors';
import { hashPassword, verifyPassword } from '../accounts/passwords';
import { findUserById } from '../accounts/queries';
import { presentConversation } from '../conversations/presenters';
import { revokeTokens } from '../email/tokens';
import { endOtherSessions } from './sessions';
import { refuseCommonPassword } from '../../security/common-passwords';

async function checkPassword(ctx: AppContext, auth: Auth, password: string): Promise<void> {
  const user = await findUserById(ctx.db, auth.userId);
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    throw new AppError('wrong_password', 'the password is not correct');
  }
}

/** A new password ends every other session: whoever else held one is out. */
export async function changePassword(ctx: AppContext, auth: Auth, input: { currentPassword: string; newPassword: string }): Promise<void> {
  await checkPassword(ctx, auth, input.currentPassword);
  refuseCommonPassword(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', auth.userId).execute();
  // A reset link mailed before the change must not undo it.
  await revokeTokens(ctx.db, ctx.now(), auth.userId, 'reset');
  await endOtherSessions(ctx, auth.userId, auth.sessionId);
}

/**
 * Deletes the account: the row stays (past messages point at it, shown as a deleted user) but loses
 * its name, password, sessions, friends, requests, blocks and rooms; the username is free again.
 * Direct conversations stay so the other side keeps the history.
 */
export async function deleteAccount(ctx: AppContext, auth: Auth, password: string): Promise<void> {
  await checkPassword(ctx, auth, password);
  const me = auth.userId;
  const [friends, requests, rooms, dms] = await Promise.all([
    ctx.db.selectFrom('friendships').select('friend_id').where('user_id', '=', me).execute(),
    ctx.db.selectFrom('friend_requests').select(['id', 'from_id', 'to_id']).where((eb) => eb.or([eb('from_id', '=', me), eb('to_id', '=', me)])).execute(),
    ctx.db.selectFrom('members').innerJoin('conversations', 'conversations.id', 'members.conversation_id')
      .select('conversations.id').where('members.user_id', '=', me).where('conversations.kind', '=', 'room').execute(),
    ctx.db.selectFrom('members').innerJoin('conversations', 'conversations.id', 'members.conversation_id')
      .selectAll('conversations').where('members.user_id', '=', me).where('conversations.kind', '=', 'dm').execute(),
  ]);
  const roomIds = rooms.map((r) => r.id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ deleted_at: ctx.now(), username_key: null, username: '', password_hash: '', email: null, pending_email: null, email_verified: 0 })
      .where('id', '=', me)
      .execute();
    await trx.deleteFrom('friendships').where((eb) => eb.or([eb('user_id', '=', me), eb('friend_id', '=', me)])).execute();
    await trx.deleteFrom('friend_requests').where((eb) => eb.or([eb('from_id', '=', me), eb('to_id', '=', me)])).execute();
    await trx.deleteFrom('blocks').where((eb) => eb.or([eb('blocker_id', '=', me), eb('blocked_id', '=', me)])).execute();
    await trx.deleteFrom('email_tokens').where('user_id', '=', me).execute();
    if (roomIds.length > 0) await trx.deleteFrom('members').where('user_id', '=', me).where('conversation_id', 'in', roomIds).execute();
  });
  await endOtherSessions(ctx, me, null);

  for (const f of friends) ctx.bus.publish({ to: 'users', userIds: [f.friend_id], frame: { type: 'friend_removed', userId: me } });
  for (const r of requests) {
    ctx.bus.publish({ to: 'users', userIds: [r.from_id === me ? r.to_id : r.from_id], frame: { type: 'friend_request_closed', requestId: r.id, reason: 'gone' } });
  }
  for (const id of roomIds) {
    ctx.bus.publish({ to: 'conversation', conversationId: id, leave: [me], frame: { type: 'member_left', conversationId: id, userId: me } });
  }
  // The other side of each direct conversation now sees "deleted user" as the peer.
  for (const dm of dms) {
    const peer = await ctx.db.selectFrom('members').select('user_id').where('conversation_id', '=', dm.id).where('user_id', '!=', me).executeTakeFirst();
    if (!peer) continue;
    const conversation = await presentConversation(ctx, dm, peer.user_id);
    ctx.bus.publish({ to: 'users', userIds: [peer.user_id], frame: { type: 'conversation', conversation } });
  }
}
