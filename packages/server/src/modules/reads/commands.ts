import type { AppContext, Auth } from '../../context';
import { accessConversation } from '../conversations/access';
import { readStates } from './queries';

/**
 * Moves my read position forward (never back, never past the newest message), then tells my other
 * devices and, in a direct conversation, the peer, unless I turned read receipts off.
 */
export async function markRead(ctx: AppContext, auth: Auth, conversationId: string, seq: number): Promise<void> {
  const conversation = await accessConversation(ctx, auth.userId, conversationId);
  const target = Math.min(seq, conversation.last_seq);
  const moved = await ctx.db
    .updateTable('members')
    .set({ read_seq: target })
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', auth.userId)
    .where('read_seq', '<', target)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) return;
  const state = (await readStates(ctx.db, auth.userId, [conversationId])).get(conversationId) ?? { readSeq: target, unreadCount: 0, mentionCount: 0, role: 'member' };
  const { readSeq, unreadCount, mentionCount } = state;
  ctx.bus.publish({ to: 'users', userIds: [auth.userId], frame: { type: 'read', conversationId, readSeq, unreadCount, mentionCount } });
  if (conversation.kind !== 'dm') return;
  const me = await ctx.db.selectFrom('users').select('read_receipts').where('id', '=', auth.userId).executeTakeFirst();
  if (me?.read_receipts !== 1) return;
  const peer = await ctx.db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '!=', auth.userId)
    .executeTakeFirst();
  if (peer) {
    ctx.bus.publish({ to: 'users', userIds: [peer.user_id], frame: { type: 'read_receipt', conversationId, userId: auth.userId, seq: state.readSeq } });
  }
}
