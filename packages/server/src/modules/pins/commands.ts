import type { Message } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { commitChange } from '../changes/log';
import { accessConversation, type Membership } from '../conversations/access';
import { presentMessage } from '../messages/presenters';
import { findById, pinnedMessages } from '../messages/queries';

/** Pinned messages listed at most (a conversation with more shows the most recently pinned). */
const PINS_LISTED = 100;

/** In a room the owner and moderators pin; in a direct conversation either person. */
function mayPin(conversation: Membership): boolean {
  return conversation.kind === 'dm' || conversation.role === 'owner' || conversation.role === 'moderator';
}

/** Pins (or with `pinned` false, unpins) a message on the change log. Doing it twice changes nothing. */
export async function setPinned(ctx: AppContext, auth: Auth, conversationId: string, messageId: string, pinned: boolean): Promise<Message> {
  const conversation = await accessConversation(ctx, auth.userId, conversationId);
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  if (!mayPin(conversation)) throw new AppError('forbidden', 'in a room, only its owner and moderators pin messages');
  if (row.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be pinned');
  await commitChange(ctx, { conversationId, messageId, seq: Number(row.seq) }, auth, async (trx, _changeSeq, now) => {
    const current = await trx.selectFrom('messages').select(['deleted_at', 'pinned_at']).where('id', '=', messageId).executeTakeFirst();
    if (!current || current.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be pinned');
    if ((current.pinned_at !== null) === pinned) return null;
    await trx.updateTable('messages').set(pinned ? { pinned_at: now, pinned_by: auth.userId } : { pinned_at: null, pinned_by: null }).where('id', '=', messageId).execute();
    return pinned
      ? { state: { kind: 'pin', pinned: { by: { id: auth.userId, username: auth.username }, at: now } }, extra: null }
      : { state: { kind: 'unpin' }, extra: null };
  });
  return presentMessage((await findById(ctx.db, messageId))!);
}

export async function listPins(ctx: AppContext, auth: Auth, conversationId: string): Promise<Message[]> {
  await accessConversation(ctx, auth.userId, conversationId);
  return (await pinnedMessages(ctx.db, conversationId, PINS_LISTED)).map(presentMessage);
}
