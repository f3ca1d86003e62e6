import type { AppContext, Auth } from '../../context';
import { notFound } from '../../http/errors';
import { deleteBlobs, unlinkFiles } from '../files/commands';
import { findById } from '../messages/queries';
import { recordAudit } from './audit';

/**
 * Removes any message the way its sender would (the row keeps its sequence, text and files go,
 * members see message_deleted), and records who did it. Deleting twice is fine and audited once.
 */
export async function adminDeleteMessage(ctx: AppContext, auth: Auth, messageId: string): Promise<void> {
  const row = await findById(ctx.db, messageId);
  if (!row) throw notFound('message not found');
  const now = ctx.now();
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('messages')
      .set({ deleted_at: now, body: '', attachments: null })
      .where('id', '=', messageId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return null;
    await recordAudit(trx, now, { actorId: auth.userId, action: 'delete_message', targetUserId: row.sender_id, targetId: messageId, detail: row.conversation_id });
    return unlinkFiles(trx, messageId);
  });
  if (removed === null) return;
  await deleteBlobs(ctx, removed);
  ctx.bus.publish({
    to: 'conversation',
    conversationId: row.conversation_id,
    frame: { type: 'message_deleted', conversationId: row.conversation_id, messageId, seq: row.seq },
  });
}
