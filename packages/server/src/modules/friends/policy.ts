import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { areFriends, hasBlocked } from './queries';

/** What someone refused by the recipient is told: the same for a block and for "friends only". */
export function notAccepting(what: 'messages' | 'requests'): AppError {
  return new AppError('not_accepting', what === 'messages'
    ? 'this user does not accept direct messages from you'
    : 'this user does not accept friend requests from you');
}

export function youBlocked(): AppError {
  return new AppError('user_blocked', 'you blocked this user; unblock them first');
}

/** May `senderId` open or write a direct conversation with `recipientId`? Throws the reason if not. */
export async function assertMayMessage(ctx: AppContext, senderId: string, recipientId: string): Promise<void> {
  const recipient = await ctx.db
    .selectFrom('users')
    .select(['deleted_at', 'only_friends_dm'])
    .where('id', '=', recipientId)
    .executeTakeFirst();
  if (!recipient || recipient.deleted_at !== null) throw notAccepting('messages');
  if (await hasBlocked(ctx.db, senderId, recipientId)) throw youBlocked();
  if (await hasBlocked(ctx.db, recipientId, senderId)) throw notAccepting('messages');
  if (recipient.only_friends_dm === 1 && !(await areFriends(ctx.db, senderId, recipientId))) throw notAccepting('messages');
}

/** The same rule for a message into an existing direct conversation. */
export async function assertMayMessageInDm(ctx: AppContext, senderId: string, conversationId: string): Promise<void> {
  const peer = await ctx.db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '!=', senderId)
    .executeTakeFirst();
  if (!peer) throw notAccepting('messages');
  await assertMayMessage(ctx, senderId, peer.user_id);
}
