import type { Message } from '@natter/protocol';
import type { Transaction } from 'kysely';
import type { AppContext, Auth } from '../../context';
import { commitTogether } from '../../db/group-commit';
import type { Database } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../http/errors';
import { newId } from '../../util/ids';
import { accessConversation } from '../conversations/access';
import { attachableFiles, linkFiles } from '../files/commands';
import { attachmentsColumn } from '../files/presenters';
import { assertMayMessageInDm } from '../friends/policy';
import { afterSendToAbsent } from '../missed-mail/check';
import { indexMessage } from '../search/index-writer';
import { type CheckedExtras, checkExtras, checkText, hasExtras, type SendExtrasInput } from './extras';
import { presentMessage } from './presenters';
import { findByClientId, insertMessage, insertRichMessage, takeNextSeq } from './queries';

export interface SendInput extends SendExtrasInput {
  conversationId: string;
  clientMsgId: string;
  body: string;
  /** Ids of files the sender uploaded to this conversation. */
  attachments?: string[];
}

/**
 * Stores a message once per (sender, clientMsgId) and announces it after the commit.
 * A retry returns the stored message unchanged, so the sender gets the same id and seq again.
 * A plain send (no reply, mention or forward) costs what it always did: the extras are read and
 * written only when present.
 */
export async function sendMessage(ctx: AppContext, auth: Auth, input: SendInput): Promise<Message> {
  const existing = await findByClientId(ctx.db, auth.userId, input.clientMsgId);
  if (existing) return sameConversation(existing, input);
  const conversation = await accessConversation(ctx, auth.userId, input.conversationId);
  if (conversation.kind === 'dm') await assertMayMessageInDm(ctx, auth.userId, conversation.id);
  const extras = hasExtras(input) ? await checkExtras(ctx, auth, conversation, input) : null;
  const body = extras?.forward?.body ?? input.body;
  checkText(body);

  const id = newId();
  const now = ctx.now();
  let seq: number;
  /** now, or the conversation's last message time when the clock went back. */
  let createdAt = now;
  let files: Message['attachments'] = [];
  try {
    // Sends arriving together share one commit (and one disk sync) on SQLite.
    seq = await commitTogether(ctx.db, ctx.dialect, async (trx) => {
      // Taking the next sequence locks the conversation row, so sequences have no gaps or duplicates.
      const [taken] = await takeNextSeq(trx, { conversationId: input.conversationId, now });
      if (!taken) throw new Error('conversation vanished during a send');
      const seq = Number(taken.last_seq);
      createdAt = Number(taken.last_activity_at);
      files = extras?.forward ? extras.forward.files : await attachableFiles(trx, auth.userId, input.conversationId, input.attachments ?? []);
      const row = {
        id, conversation_id: input.conversationId, seq, sender_id: auth.userId, body,
        client_msg_id: input.clientMsgId, created_at: createdAt, attachments: attachmentsColumn(files),
      };
      if (extras) await insertRichMessage(trx, { ...row, ...extras.row });
      else await insertMessage(trx, row);
      await linkFiles(trx, id, files);
      await indexMessage(trx, ctx.dialect, row);
      if (extras) await recordMentions(trx, auth.userId, input.conversationId, id, seq, extras);
      return seq;
    });
  } catch (err) {
    // A concurrent retry of the same send won the race: answer with its message.
    if (isUniqueViolation(err)) {
      const winner = await findByClientId(ctx.db, auth.userId, input.clientMsgId);
      if (winner) return sameConversation(winner, input);
    }
    throw err;
  }
  // A committed send proves the database has room again after a disk-full episode.
  ctx.storageHealth.wrote('database');
  const message: Message = {
    id, conversationId: input.conversationId, seq, sender: { id: auth.userId, username: auth.username }, body,
    clientMsgId: input.clientMsgId, createdAt, attachments: files,
  };
  if (extras?.quote) message.replyTo = extras.quote;
  if (extras && extras.mentions.length > 0) message.mentions = extras.mentions;
  if (extras?.row.mentions_room === 1) message.mentionsRoom = true;
  if (extras?.forwardedFrom) message.forwardedFrom = extras.forwardedFrom;
  ctx.bus.publish({ to: 'conversation', conversationId: message.conversationId, frame: { type: 'message', message } });
  afterSendToAbsent(ctx, missedMailRecipients(conversation, auth.userId, extras));
  return message;
}

/** Who a missed-message email could be about this message for: the other side of a DM, or those mentioned by name. */
function missedMailRecipients(conversation: { kind: 'room' | 'dm'; dm_key: string | null }, senderId: string, extras: CheckedExtras | null): string[] {
  if (conversation.kind === 'dm') return (conversation.dm_key ?? '').split(':').filter((id) => id && id !== senderId);
  if (!extras || extras.row.mentions_room === 1) return [];
  return extras.mentions.filter((id) => id !== senderId);
}

/**
 * One row per member mentioned by id, for their mention count; the sender mentioning themselves
 * counts for nobody. @room needs no rows: the count reads the message's flag.
 */
async function recordMentions(trx: Transaction<Database>, senderId: string, conversationId: string, messageId: string, seq: number, extras: CheckedExtras): Promise<void> {
  if (extras.row.mentions_room === 1) return;
  const users = extras.mentions.filter((id) => id !== senderId);
  if (users.length === 0) return;
  await trx
    .insertInto('message_mentions')
    .values(users.map((user_id) => ({ conversation_id: conversationId, user_id, seq, message_id: messageId })))
    .execute();
}

function sameConversation(row: Parameters<typeof presentMessage>[0], input: SendInput): Message {
  if (row.conversation_id !== input.conversationId) {
    throw new AppError('conflict', 'this clientMsgId was already used for another conversation');
  }
  return presentMessage(row);
}
