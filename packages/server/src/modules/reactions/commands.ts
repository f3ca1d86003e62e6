import { isEmoji, type Reaction, REACTIONS_MAX_PER_MESSAGE, REACTIONS_MAX_PER_USER } from '@natter/protocol';
import type { Transaction } from 'kysely';
import type { AppContext, Auth } from '../../context';
import type { Database } from '../../db/schema';
import { AppError, notFound } from '../../http/errors';
import { commitChange } from '../changes/log';
import { accessConversation } from '../conversations/access';
import { assertMayMessageInDm } from '../friends/policy';
import { reactionsColumn, reactionsFromColumn } from '../messages/presenters';
import { findById, type MessageWithSender } from '../messages/queries';

/** The message a member may react to: in this conversation, not deleted; refused emoji say so. */
async function reactable(ctx: AppContext, auth: Auth, conversationId: string, messageId: string, emoji: string): Promise<MessageWithSender> {
  const conversation = await accessConversation(ctx, auth.userId, conversationId);
  if (!isEmoji(emoji)) throw new AppError('invalid_emoji', 'a reaction must be a single emoji');
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  if (row.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be reacted to');
  // Someone who may not message you may not react to your messages either.
  if (conversation.kind === 'dm') await assertMayMessageInDm(ctx, auth.userId, conversationId);
  return row;
}

/**
 * Adds my reaction. Adding one I already made changes nothing (no change on the log), so two of
 * my devices toggling at once end with one reaction. Distinct emoji per message and emoji per
 * user are capped; the caps are checked after the change lock, so concurrent adds cannot pass them.
 */
export async function react(ctx: AppContext, auth: Auth, conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
  const row = await reactable(ctx, auth, conversationId, messageId, emoji);
  const done = await commitChange(ctx, { conversationId, messageId, seq: Number(row.seq) }, auth, async (trx, _changeSeq, now) => {
    await assertNotDeleted(trx, messageId);
    const inserted = await trx
      .insertInto('message_reactions')
      .values({ message_id: messageId, emoji, user_id: auth.userId, created_at: now })
      .onConflict((oc) => oc.columns(['message_id', 'emoji', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    const reactions = await storeReactions(trx, messageId);
    if (reactions.length > REACTIONS_MAX_PER_MESSAGE) {
      throw new AppError('too_many_reactions', `a message can carry at most ${REACTIONS_MAX_PER_MESSAGE} different reactions`);
    }
    if (reactions.filter((r) => r.userIds.includes(auth.userId)).length > REACTIONS_MAX_PER_USER) {
      throw new AppError('too_many_reactions', `you can put at most ${REACTIONS_MAX_PER_USER} reactions on one message`);
    }
    return { state: { kind: 'react', emoji, reactions }, extra: reactions };
  });
  return done ? done.extra : currentReactions(ctx, messageId);
}

/** Removes my reaction; removing one I did not make changes nothing. */
export async function unreact(ctx: AppContext, auth: Auth, conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
  const row = await reactable(ctx, auth, conversationId, messageId, emoji);
  const done = await commitChange(ctx, { conversationId, messageId, seq: Number(row.seq) }, auth, async (trx) => {
    await assertNotDeleted(trx, messageId);
    const removed = await trx
      .deleteFrom('message_reactions')
      .where('message_id', '=', messageId)
      .where('emoji', '=', emoji)
      .where('user_id', '=', auth.userId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return null;
    const reactions = await storeReactions(trx, messageId);
    return { state: { kind: 'unreact', emoji, reactions }, extra: reactions };
  });
  return done ? done.extra : currentReactions(ctx, messageId);
}

async function assertNotDeleted(trx: Transaction<Database>, messageId: string): Promise<void> {
  const row = await trx.selectFrom('messages').select('deleted_at').where('id', '=', messageId).executeTakeFirst();
  if (!row || row.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be reacted to');
}

/** Reads the message's whole reaction list (after the change lock) and keeps its copy on the message row. */
async function storeReactions(trx: Transaction<Database>, messageId: string): Promise<Reaction[]> {
  const rows = await trx
    .selectFrom('message_reactions')
    .select(['emoji', 'user_id'])
    .where('message_id', '=', messageId)
    .orderBy('created_at', 'asc')
    .orderBy('emoji', 'asc')
    .orderBy('user_id', 'asc')
    .execute();
  const byEmoji = new Map<string, string[]>();
  for (const r of rows) {
    const users = byEmoji.get(r.emoji);
    if (users) users.push(r.user_id);
    else byEmoji.set(r.emoji, [r.user_id]);
  }
  const reactions = [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
  await trx.updateTable('messages').set({ reactions: reactionsColumn(reactions) }).where('id', '=', messageId).execute();
  return reactions;
}

async function currentReactions(ctx: AppContext, messageId: string): Promise<Reaction[]> {
  const row = await ctx.db.selectFrom('messages').select('reactions').where('id', '=', messageId).executeTakeFirst();
  return reactionsFromColumn(row?.reactions ?? null);
}

/** Who reacted with what, with names: for the list shown on hover or long-press. */
export async function listReactions(ctx: AppContext, auth: Auth, conversationId: string, messageId: string) {
  await accessConversation(ctx, auth.userId, conversationId);
  const row = await findById(ctx.db, messageId);
  if (!row || row.conversation_id !== conversationId) throw notFound('message not found');
  const rows = await ctx.db
    .selectFrom('message_reactions')
    .innerJoin('users', 'users.id', 'message_reactions.user_id')
    .select(['message_reactions.emoji', 'users.id', 'users.username', 'users.deleted_at'])
    .where('message_reactions.message_id', '=', messageId)
    .orderBy('message_reactions.created_at', 'asc')
    .orderBy('message_reactions.emoji', 'asc')
    .orderBy('message_reactions.user_id', 'asc')
    .execute();
  const byEmoji = new Map<string, { id: string; username: string; deleted?: boolean }[]>();
  for (const r of rows) {
    const user = r.deleted_at === null ? { id: r.id, username: r.username } : { id: r.id, username: '', deleted: true };
    const users = byEmoji.get(r.emoji);
    if (users) users.push(user);
    else byEmoji.set(r.emoji, [user]);
  }
  return [...byEmoji].map(([emoji, users]) => ({ emoji, users }));
}
