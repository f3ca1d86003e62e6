import { type DeletedEntry, type Message, RESUME_MAX_PER_CONVERSATION, type ResyncEntry } from '@natter/protocol';
import type { AppContext } from '../context';
import { presentMessage } from '../modules/messages/presenters';
import { messagesAfter } from '../modules/messages/queries';

export interface Welcome {
  missed: Message[];
  resync: ResyncEntry[];
  heads: Record<string, number>;
  deleted: DeletedEntry[];
  serverTime: number;
}

/**
 * A deletion's time is taken before its commit and may come from another node's clock: looking this
 * far back before `deletedSince` covers both. Repeating a deletion the client already knows is harmless.
 */
const DELETED_SKEW_MS = 60_000;
/** More deletions than this since the last visit: those conversations are reloaded instead. */
const DELETED_MAX = 1000;

/** What a client holding `cursors` missed, read from the database after the socket already follows live events. */
export async function computeWelcome(ctx: AppContext, userId: string, cursors: Record<string, number>, deletedSince?: number): Promise<Welcome> {
  const serverTime = ctx.now();
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
  const held = Object.keys(cursors).filter((id) => heads[id] !== undefined && !resync.some((r) => r.conversationId === id));
  const deleted = deletedSince === undefined ? [] : await deletedSinceIn(ctx, held, cursors, deletedSince - DELETED_SKEW_MS);
  if (deleted === 'too_many') {
    for (const conversationId of held) resync.push({ conversationId, reason: 'too_old' });
    return { missed, resync, heads, deleted: [], serverTime };
  }
  return { missed, resync, heads, deleted, serverTime };
}

/** Messages up to each cursor deleted at or after `since` (newer ones come with `missed`, already deleted). */
async function deletedSinceIn(ctx: AppContext, conversationIds: string[], cursors: Record<string, number>, since: number): Promise<DeletedEntry[] | 'too_many'> {
  if (conversationIds.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('messages')
    .select(['conversation_id', 'id', 'seq'])
    .where('deleted_at', '>=', since)
    .where('conversation_id', 'in', conversationIds)
    .limit(DELETED_MAX + 1)
    .execute();
  if (rows.length > DELETED_MAX) return 'too_many';
  return rows
    .filter((r) => r.seq <= (cursors[r.conversation_id] ?? 0))
    .map((r) => ({ conversationId: r.conversation_id, messageId: r.id, seq: r.seq }));
}
