import type { Message, MessageEdit } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { commitChange } from '../changes/log';
import { accessConversation } from '../conversations/access';
import { reindexMessage } from '../search/index-writer';
import { readServerSetting } from '../server-settings/settings';
import { checkText } from './extras';
import { presentMessage } from './presenters';
import { findById } from './queries';

/**
 * The sender changes the text (or caption) of a message; its files stay. The text it replaces is
 * kept in message_edits. An edit that changes nothing is no change. Within the administrators'
 * edit window (minutes after sending; 0: for as long as the message exists).
 */
export async function editMessage(ctx: AppContext, auth: Auth, conversationId: string, messageId: string, body: string): Promise<Message> {
  await accessConversation(ctx, auth.userId, conversationId);
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  if (row.sender_id !== auth.userId) throw new AppError('forbidden', 'only its sender can edit a message');
  if (row.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be edited');
  if (body.trim().length === 0 && row.attachments === null) throw new AppError('validation_failed', 'message is empty', { issues: [{ path: 'body', message: 'message is empty' }] });
  checkText(body);
  const windowMinutes = await readServerSetting(ctx.db, 'editWindowMinutes');
  if (windowMinutes > 0 && ctx.now() - Number(row.created_at) > windowMinutes * 60_000) {
    throw new AppError('edit_window_closed', `messages can be edited for ${windowMinutes} minutes after sending`);
  }
  await commitChange(ctx, { conversationId, messageId, seq: Number(row.seq) }, auth, async (trx, _changeSeq, now) => {
    // Read again after the change lock: an edit or deletion that committed meanwhile counts.
    const current = await trx.selectFrom('messages').select(['body', 'edited_at', 'created_at', 'deleted_at']).where('id', '=', messageId).executeTakeFirst();
    if (!current || current.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be edited');
    if (current.body === body) return null;
    const last = await trx.selectFrom('message_edits').select((eb) => eb.fn.max('version').as('v')).where('message_id', '=', messageId).executeTakeFirst();
    await trx.insertInto('message_edits').values({
      message_id: messageId, version: Number(last?.v ?? 0) + 1, body: current.body,
      written_at: Number(current.edited_at ?? current.created_at), replaced_at: now,
    }).execute();
    await trx.updateTable('messages').set({ body, edited_at: now }).where('id', '=', messageId).execute();
    await reindexMessage(trx, ctx.dialect, messageId, body);
    return { state: { kind: 'edit', body, editedAt: now }, extra: null };
  });
  const after = await findById(ctx.db, messageId);
  return presentMessage(after!);
}

/** Earlier versions of a message: its sender (while a member) and administrators (any message) may read them. */
export async function messageEdits(ctx: AppContext, auth: Auth, conversationId: string, messageId: string): Promise<MessageEdit[]> {
  if (!auth.isAdmin) await accessConversation(ctx, auth.userId, conversationId);
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  if (!auth.isAdmin && row.sender_id !== auth.userId) throw notFound('message not found');
  const rows = await ctx.db.selectFrom('message_edits').selectAll().where('message_id', '=', messageId).orderBy('version', 'asc').execute();
  return rows.map((r) => ({ body: r.body, writtenAt: Number(r.written_at), replacedAt: Number(r.replaced_at) }));
}
