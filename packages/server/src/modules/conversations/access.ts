import type { AppContext } from '../../context';
import type { ConversationRow } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { notFound } from '../../http/errors';

export type Membership = ConversationRow & { role: 'owner' | 'moderator' | 'member' };

/**
 * The only way to load a conversation on behalf of a user. A conversation that does not exist and
 * one the user does not belong to answer the same 404, so ids reveal nothing.
 */
export async function accessConversation(ctx: AppContext, userId: string, conversationId: string): Promise<Membership> {
  const [row] = await membership(ctx.db, { conversationId, userId });
  if (!row) throw notFound('conversation not found');
  return row;
}

// Runs before every send: compiled once.
const membership = prepared<{ conversationId: string; userId: string }, Membership>((db, slot) =>
  db
    .selectFrom('conversations')
    .innerJoin('members', 'members.conversation_id', 'conversations.id')
    .selectAll('conversations')
    .select('members.role')
    .where('conversations.id', '=', slot('conversationId'))
    .where('members.user_id', '=', slot('userId')),
);

/**
 * A room by name: members see any room they belong to; others see public rooms only.
 * `role` is null for a public room the user has not joined.
 */
export async function accessRoomByName(ctx: AppContext, userId: string, name: string): Promise<ConversationRow & { role: Membership['role'] | null }> {
  const row = await ctx.db
    .selectFrom('conversations')
    .leftJoin('members', (join) => join.onRef('members.conversation_id', '=', 'conversations.id').on('members.user_id', '=', userId))
    .selectAll('conversations')
    .select('members.role')
    .where('conversations.name_key', '=', name.normalize('NFC').toLowerCase())
    .where('conversations.kind', '=', 'room')
    .executeTakeFirst();
  if (!row || (row.role === null && row.visibility !== 'public')) throw notFound('room not found');
  return row;
}
