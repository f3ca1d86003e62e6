import { type Attachment, checkMarkdownLimits, type ForwardedFrom, type ReplyQuote } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { presentUserRef } from '../accounts/presenters';
import { accessConversation, type Membership } from '../conversations/access';
import { attachmentsFromColumn } from '../files/presenters';
import { quoteOf } from './presenters';
import { findById, type MessageExtrasRow } from './queries';

export interface SendExtrasInput {
  replyTo?: string | undefined;
  mentions?: string[] | undefined;
  mentionsRoom?: boolean | undefined;
  forwardOf?: string | undefined;
}

/** What checking a send's extras found: the columns to store and what presenting it needs. */
export interface CheckedExtras {
  row: MessageExtrasRow;
  quote: ReplyQuote | undefined;
  mentions: string[];
  forwardedFrom: ForwardedFrom | undefined;
  /** A forward: the text and files it copies. */
  forward: { body: string; files: Attachment[]; sourceId: string } | undefined;
}

export function hasExtras(input: SendExtrasInput): boolean {
  return input.replyTo !== undefined || (input.mentions?.length ?? 0) > 0 || input.mentionsRoom === true || input.forwardOf !== undefined;
}

/**
 * The rules of replies, mentions and forwards, checked before the send's transaction (they read
 * only what the sender may see, and a refused send stores nothing).
 */
export async function checkExtras(ctx: AppContext, auth: Auth, conversation: Membership, input: SendExtrasInput): Promise<CheckedExtras> {
  const out: CheckedExtras = {
    row: { reply_to_id: null, mentions: null, mentions_room: 0, forwarded_from: null },
    quote: undefined, mentions: [], forwardedFrom: undefined, forward: undefined,
  };
  if (input.mentionsRoom) {
    if (conversation.kind !== 'room' || (conversation.role !== 'owner' && conversation.role !== 'moderator')) {
      throw new AppError('room_mention_forbidden', '@room is for the room owner and moderators');
    }
    out.row.mentions_room = 1;
  }
  const mentions = input.mentions ?? [];
  if (mentions.length > 0) {
    const members = await ctx.db
      .selectFrom('members').select('user_id')
      .where('conversation_id', '=', conversation.id).where('user_id', 'in', mentions)
      .execute();
    const found = new Set(members.map((m) => m.user_id));
    const stranger = mentions.find((id) => !found.has(id));
    if (stranger !== undefined) throw new AppError('mention_not_member', `user ${stranger} is not a member of this conversation`);
    out.mentions = mentions;
    out.row.mentions = JSON.stringify(mentions);
  }
  if (input.replyTo !== undefined) {
    const original = await findById(ctx.db, input.replyTo);
    // Another conversation's message, even one the sender can read, cannot be quoted here.
    if (!original || original.conversation_id !== conversation.id) throw new AppError('invalid_reply', 'replyTo must be a message of this conversation');
    out.row.reply_to_id = original.id;
    out.quote = quoteOf({
      id: original.id, seq: original.seq, body: original.body, deleted_at: original.deleted_at, hasFiles: original.attachments !== null,
      sender: { id: original.sender_id, username: original.sender_username, deleted_at: original.sender_deleted_at },
    });
  }
  if (input.forwardOf !== undefined) {
    const source = await findById(ctx.db, input.forwardOf);
    if (!source) throw notFound('message not found');
    const from = await accessConversation(ctx, auth.userId, source.conversation_id);
    if (source.deleted_at !== null) throw new AppError('message_deleted', 'a deleted message cannot be forwarded');
    // A forward of a forward names where the words were first said.
    out.forwardedFrom = source.forwarded_from !== null
      ? (JSON.parse(source.forwarded_from) as ForwardedFrom)
      : {
          kind: from.kind,
          conversationName: from.kind === 'room' ? from.name : null,
          sender: presentUserRef({ id: source.sender_id, username: source.sender_username, deleted_at: source.sender_deleted_at }),
          sentAt: Number(source.created_at),
        };
    out.row.forwarded_from = JSON.stringify(out.forwardedFrom);
    out.forward = { body: source.body, files: attachmentsFromColumn(source.attachments), sourceId: source.id };
  }
  return out;
}

/**
 * Text a send or an edit stores: parsed by the same Markdown parser every reader uses, it must stay
 * within its limits (nesting, number of parts, link length), or it is refused before anything is stored.
 */
export function checkText(body: string): void {
  const problem = checkMarkdownLimits(body);
  if (problem) throw new AppError('markdown_too_complex', problem.message);
}
