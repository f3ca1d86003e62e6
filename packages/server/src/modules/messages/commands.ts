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
import { findByClientId, insertMessage, takeNextSeq } from './queries';

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
      const [taken] = await takeNextSeq(trx, { conversationId: input.conversationId, now });
      if (!taken) throw new Error('conversation vanished during a send');
      files = await attachableFiles(trx, auth.userId, input.conversationId, input.attachments ?? []);
      await insertMessage(trx, {
        id, conversation_id: input.conversationId, seq: taken.last_seq, sender_id: auth.userId, body: input.body,
        client_msg_id: input.clientMsgId, created_at: now, attachments: attachmentsColumn(files),
      });
      await linkFiles(trx, id, files);
      return taken.last_seq;
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
