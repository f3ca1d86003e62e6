import type { Kysely } from 'kysely';
import { prepared } from '../../db/prepared';
import type { ConversationRow, Database, MessagesTable } from '../../db/schema';

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

/** Messages that carry files and were not deleted, newest first, one extra to know if more exist. */
export function messagesWithFiles(db: Kysely<Database>, conversationId: string, before: number | undefined, limit: number) {
  let q = withSender(db)
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.attachments', 'is not', null)
    .where('messages.deleted_at', 'is', null);
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

const byClientId = prepared<{ senderId: string; clientMsgId: string }, MessageWithSender>((db, slot) =>
  withSender(db).where('messages.sender_id', '=', slot('senderId')).where('messages.client_msg_id', '=', slot('clientMsgId')),
);

export async function findByClientId(db: Kysely<Database>, senderId: string, clientMsgId: string): Promise<MessageWithSender | undefined> {
  const [row] = await byClientId(db, { senderId, clientMsgId });
  return row;
}

/** Takes the conversation's next sequence; the row stays locked until the transaction ends. */
export const takeNextSeq = prepared<{ conversationId: string; now: number }, { last_seq: number }>((db, slot) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: slot('now') }))
    .where('id', '=', slot('conversationId'))
    .returning('last_seq'),
);

type NewMessage = Required<Omit<MessagesTable, 'deleted_at'>>;

export const insertMessage = prepared<NewMessage, never>((db, slot) =>
  db.insertInto('messages').values({
    id: slot('id'), conversation_id: slot('conversation_id'), seq: slot('seq'), sender_id: slot('sender_id'), body: slot('body'),
    client_msg_id: slot('client_msg_id'), created_at: slot('created_at'), attachments: slot('attachments'),
  }),
);

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
