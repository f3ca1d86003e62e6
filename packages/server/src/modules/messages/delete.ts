import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { accessConversation } from '../conversations/access';
import { deleteBlobs, unlinkFiles } from '../files/commands';
import { findById } from './queries';

/**
 * A sender takes back a message. The row keeps its sequence (so no client sees a gap) but loses
 * its text and files; files no other message carries are deleted with it. Deleting twice is fine.
 */
export async function deleteMessage(ctx: AppContext, auth: Auth, conversationId: string, messageId: string): Promise<void> {
  await accessConversation(ctx, auth.userId, conversationId);
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  if (row.sender_id !== auth.userId) throw new AppError('forbidden', 'only its sender can delete a message');
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('messages')
      .set({ deleted_at: ctx.now(), body: '', attachments: null })
      .where('id', '=', messageId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return null;
    return unlinkFiles(trx, messageId);
  });
  if (removed === null) return;
  await deleteBlobs(ctx, removed);
  ctx.bus.publish({ to: 'conversation', conversationId, frame: { type: 'message_deleted', conversationId, messageId, seq: row.seq } });
}
