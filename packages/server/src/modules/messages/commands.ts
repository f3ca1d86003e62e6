import type { Message } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { commitTogether } from '../../db/group-commit';
import { AppError, isUniqueViolation } from '../../http/errors';
import { newId } from '../../util/ids';
import { accessConversation } from '../conversations/access';
import { attachableFiles, linkFiles } from '../files/commands';
import { attachmentsColumn } from '../files/presenters';
import { assertMayMessageInDm } from '../friends/policy';
import { presentMessage } from './presenters';
import { findByClientId } from './queries';

export interface SendInput {
  conversationId: string;
  clientMsgId: string;
  body: string;
  /** Ids of files the sender uploaded to this conversation. */
  attachments?: string[];
}

/**
 * Stores a message once per (sender, clientMsgId) and announces it after the commit.
 * A retry returns the stored message unchanged, so the sender gets the same id and seq again.
 */
export async function sendMessage(ctx: AppContext, auth: Auth, input: SendInput): Promise<Message> {
  const existing = await findByClientId(ctx.db, auth.userId, input.clientMsgId);
  if (existing) return sameConversation(existing, input);
  const conversation = await accessConversation(ctx, auth.userId, input.conversationId);
  if (conversation.kind === 'dm') await assertMayMessageInDm(ctx, auth.userId, conversation.id);

  const id = newId();
  const now = ctx.now();
  let seq: number;
  let files: Message['attachments'] = [];
  try {
    // Sends arriving together share one commit (and one disk sync) on SQLite.
    seq = await commitTogether(ctx.db, ctx.dialect, async (trx) => {
      // Taking the next sequence locks the conversation row, so sequences have no gaps or duplicates.
      const { last_seq: next } = await trx
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: now }))
        .where('id', '=', input.conversationId)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      files = await attachableFiles(trx, auth.userId, input.conversationId, input.attachments ?? []);
      await trx
        .insertInto('messages')
        .values({ id, conversation_id: input.conversationId, seq: next, sender_id: auth.userId, body: input.body, client_msg_id: input.clientMsgId, created_at: now, attachments: attachmentsColumn(files) })
        .execute();
      await linkFiles(trx, id, files);
      return next;
    });
  } catch (err) {
    // A concurrent retry of the same send won the race: answer with its message.
    if (isUniqueViolation(err)) {
      const winner = await findByClientId(ctx.db, auth.userId, input.clientMsgId);
      if (winner) return sameConversation(winner, input);
    }
    throw err;
  }
  const message = presentMessage({
    id, conversation_id: input.conversationId, seq, sender_id: auth.userId, body: input.body,
    client_msg_id: input.clientMsgId, created_at: now, sender_username: auth.username, sender_deleted_at: null,
    deleted_at: null, attachments: attachmentsColumn(files),
  });
  ctx.bus.publish({ to: 'conversation', conversationId: message.conversationId, frame: { type: 'message', message } });
  return message;
}

function sameConversation(row: Parameters<typeof presentMessage>[0], input: SendInput): Message {
  if (row.conversation_id !== input.conversationId) {
    throw new AppError('conflict', 'this clientMsgId was already used for another conversation');
  }
  return presentMessage(row);
}
