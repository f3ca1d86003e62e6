import { type ForwardedFrom, type Message, QUOTE_EXCERPT_CHARS, type Reaction, type ReplyQuote } from '@natter/protocol';
import { presentUserRef } from '../accounts/presenters';
import { attachmentsFromColumn } from '../files/presenters';
import type { MessageWithSender } from './queries';

/** One presentation for every viewer: nothing here depends on who looks (frames are encoded once for all sockets). */
export function presentMessage(row: MessageWithSender): Message {
  const deleted = row.deleted_at !== null;
  const message: Message = {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    sender: presentUserRef({ id: row.sender_id, username: row.sender_username, deleted_at: row.sender_deleted_at }),
    body: deleted ? '' : row.body,
    clientMsgId: row.client_msg_id,
    createdAt: Number(row.created_at),
    attachments: deleted ? [] : attachmentsFromColumn(row.attachments),
  };
  if (deleted) message.deleted = true;
  if (Number(row.change_seq) > 0) message.changeSeq = Number(row.change_seq);
  if (row.reply_to_id !== null && row.quoted_seq !== null && row.quoted_sender_id !== null) {
    message.replyTo = quoteOf({
      id: row.reply_to_id, seq: row.quoted_seq, body: row.quoted_body ?? '', deleted_at: row.quoted_deleted_at, hasFiles: row.quoted_files === 1,
      sender: { id: row.quoted_sender_id, username: row.quoted_sender_username ?? '', deleted_at: row.quoted_sender_deleted_at ?? null },
    });
  }
  if (row.forwarded_from !== null) message.forwardedFrom = JSON.parse(row.forwarded_from) as ForwardedFrom;
  if (deleted) return message;
  if (row.edited_at !== null) message.editedAt = Number(row.edited_at);
  const reactions = reactionsFromColumn(row.reactions);
  if (reactions.length > 0) message.reactions = reactions;
  if (row.mentions !== null) message.mentions = JSON.parse(row.mentions) as string[];
  if (row.mentions_room === 1) message.mentionsRoom = true;
  if (row.pinned_at !== null && row.pinned_by !== null) {
    message.pinned = {
      by: presentUserRef({ id: row.pinned_by, username: row.pinner_username ?? '', deleted_at: row.pinner_deleted_at ?? null }),
      at: Number(row.pinned_at),
    };
  }
  return message;
}

export interface QuotedRow {
  id: string;
  seq: number;
  body: string;
  deleted_at: number | null;
  hasFiles: boolean;
  sender: { id: string; username: string; deleted_at: number | null };
}

export function quoteOf(q: QuotedRow): ReplyQuote {
  const deleted = q.deleted_at !== null;
  return {
    messageId: q.id,
    seq: Number(q.seq),
    sender: presentUserRef(q.sender),
    excerpt: deleted ? '' : excerptOf(q.body),
    hasAttachments: !deleted && q.hasFiles,
    deleted,
  };
}

/** The first non-empty line, cut to QUOTE_EXCERPT_CHARS characters (not UTF-16 units). */
export function excerptOf(body: string): string {
  const line = body.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
  const chars = [...line];
  return chars.length <= QUOTE_EXCERPT_CHARS ? line : `${chars.slice(0, QUOTE_EXCERPT_CHARS - 1).join('')}…`;
}

export function reactionsFromColumn(text: string | null): Reaction[] {
  if (!text) return [];
  return JSON.parse(text) as Reaction[];
}

export function reactionsColumn(list: Reaction[]): string | null {
  return list.length === 0 ? null : JSON.stringify(list);
}
