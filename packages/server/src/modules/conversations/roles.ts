import type { AppContext, Auth } from '../../context';
import { AppError, badRequest, notFound } from '../../http/errors';
import { accessConversation } from './access';
import { presentConversation } from './presenters';

/**
 * The room's owner names moderators (who may @room and pin) or makes them members again. The
 * member is sent their conversation again, with their new role.
 */
export async function setMemberRole(ctx: AppContext, auth: Auth, conversationId: string, userId: string, role: 'moderator' | 'member'): Promise<void> {
  const conversation = await accessConversation(ctx, auth.userId, conversationId);
  if (conversation.kind !== 'room') throw badRequest('direct conversations have no roles');
  if (conversation.role !== 'owner') throw new AppError('forbidden', 'only the room owner names moderators');
  if (userId === auth.userId) throw new AppError('cannot_target_self', 'the owner stays the owner');
  const done = await ctx.db
    .updateTable('members')
    .set({ role })
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('role', '!=', 'owner')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw notFound('member not found');
  const theirs = await accessConversation(ctx, userId, conversationId);
  ctx.bus.publish({ to: 'users', userIds: [userId], frame: { type: 'conversation', conversation: await presentConversation(ctx, theirs, userId) } });
}
