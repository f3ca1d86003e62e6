import type { Kysely } from 'kysely';
import type { ConversationRow, Database } from '../../db/schema';

export type MessageWithSender = Awaited<ReturnType<typeof historyPage>>[number];

function withSender(db: Kysely<Database>) {
  return db
    .selectFrom('messages')
    .innerJoin('users', 'users.id', 'messages.sender_id')
    .selectAll('messages')
    .select(['users.username as sender_username', 'users.deleted_at as sender_deleted_at']);
}

/** Newest first from the database; callers reverse to oldest first. Fetches one extra row to know if more exist. */
export function historyPage(db: Kysely<Database>, conversationId: string, before: number | undefined, limit: number) {
  let q = withSender(db).where('messages.conversation_id', '=', conversationId);
  if (before !== undefined) q = q.where('messages.seq', '<', before);
  return q.orderBy('messages.seq', 'desc').limit(limit + 1).execute();
}

/** Messages after `afterSeq`, oldest first. */
export function messagesAfter(db: Kysely<Database>, conversationId: string, afterSeq: number, limit: number) {
  return withSender(db)
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.seq', '>', afterSeq)
    .orderBy('messages.seq', 'asc')
    .limit(limit)
    .execute();
}

export function findByClientId(db: Kysely<Database>, senderId: string, clientMsgId: string) {
  return withSender(db).where('messages.sender_id', '=', senderId).where('messages.client_msg_id', '=', clientMsgId).executeTakeFirst();
}

export function findById(db: Kysely<Database>, id: string) {
  return withSender(db).where('messages.id', '=', id).executeTakeFirst();
}

export async function lastMessages(db: Kysely<Database>, rows: Pick<ConversationRow, 'id' | 'last_seq'>[]): Promise<Map<string, MessageWithSender>> {
  if (rows.length === 0) return new Map();
  const found = await withSender(db)
    .innerJoin('conversations', (join) =>
      join.onRef('conversations.id', '=', 'messages.conversation_id').onRef('conversations.last_seq', '=', 'messages.seq'),
    )
    .where('conversations.id', 'in', rows.map((r) => r.id))
    .execute();
  return new Map(found.map((m) => [m.conversation_id, m]));
}
