import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { recordAudit } from '../admin/audit';
import { commitChange } from '../changes/log';
import { accessConversation } from '../conversations/access';
import { deleteBlobs, unlinkFiles } from '../files/commands';
import type { FileRow } from '../files/presenters';
import { unindexMessage } from '../search/index-writer';
import { findById, type MessageWithSender } from './queries';

/**
 * A sender takes back a message. The row keeps its sequence (so no client sees a gap) but loses
 * its text and files; files no other message carries are deleted with it. Deleting twice is fine.
 */
export async function deleteMessage(ctx: AppContext, auth: Auth, conversationId: string, messageId: string): Promise<void> {
  await accessConversation(ctx, auth.userId, conversationId);
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  if (row.sender_id !== auth.userId) throw new AppError('forbidden', 'only its sender can delete a message');
  await removeMessage(ctx, auth, row, false);
}

/**
 * The deletion itself, on the change log: text, files, reactions, pin and mentions go in the same
 * transaction as the change row. With `audited`, an administrator's deletion is recorded too.
 */
export async function removeMessage(ctx: AppContext, auth: Auth, row: MessageWithSender, audited: boolean): Promise<void> {
  const done = await commitChange<FileRow[]>(ctx, { conversationId: row.conversation_id, messageId: row.id, seq: Number(row.seq) }, auth, async (trx, _changeSeq, now) => {
    const updated = await trx
      .updateTable('messages')
      .set({ deleted_at: now, body: '', attachments: null, reactions: null, mentions: null, mentions_room: 0, pinned_at: null, pinned_by: null })
      .where('id', '=', row.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return null;
    await trx.deleteFrom('message_reactions').where('message_id', '=', row.id).execute();
    await trx.deleteFrom('message_mentions').where('conversation_id', '=', row.conversation_id).where('message_id', '=', row.id).execute();
    // Earlier versions go with the text: a deletion takes back every word of it.
    await trx.deleteFrom('message_edits').where('message_id', '=', row.id).execute();
    await unindexMessage(trx, ctx.dialect, row.id);
    if (audited) {
      await recordAudit(trx, now, { actorId: auth.userId, action: 'delete_message', targetUserId: row.sender_id, targetId: row.id, detail: row.conversation_id });
    }
    return { state: { kind: 'delete' }, extra: await unlinkFiles(trx, row.id) };
  });
  if (done) await deleteBlobs(ctx, done.extra);
}
