import { type Message, RESUME_MAX_PER_CONVERSATION, type ResyncEntry } from '@natter/protocol';
import type { AppContext } from '../context';
import { presentMessage } from '../modules/messages/presenters';
import { messagesAfter } from '../modules/messages/queries';

export interface Welcome {
  missed: Message[];
  resync: ResyncEntry[];
  heads: Record<string, number>;
}

/** What a client holding `cursors` missed, read from the database after the socket already follows live events. */
export async function computeWelcome(ctx: AppContext, userId: string, cursors: Record<string, number>): Promise<Welcome> {
  const rows = await ctx.db
    .selectFrom('conversations')
    .innerJoin('members', 'members.conversation_id', 'conversations.id')
    .select(['conversations.id', 'conversations.last_seq'])
    .where('members.user_id', '=', userId)
    .execute();
  const heads: Record<string, number> = {};
  for (const r of rows) heads[r.id] = r.last_seq;

  const missed: Message[] = [];
  const resync: ResyncEntry[] = [];
  for (const [conversationId, cursor] of Object.entries(cursors)) {
    const head = heads[conversationId];
    if (head === undefined) resync.push({ conversationId, reason: 'unknown' });
    else if (cursor > head) resync.push({ conversationId, reason: 'unknown' });
    else if (head - cursor > RESUME_MAX_PER_CONVERSATION) resync.push({ conversationId, reason: 'too_old' });
    else if (head > cursor) {
      const page = await messagesAfter(ctx.db, conversationId, cursor, RESUME_MAX_PER_CONVERSATION);
      for (const row of page) missed.push(presentMessage(row));
    }
  }
  return { missed, resync, heads };
}
