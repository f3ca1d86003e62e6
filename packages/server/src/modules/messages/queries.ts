import { type Kysely, sql } from 'kysely';
import { prepared } from '../../db/prepared';
import type { ConversationRow, Database, MessagesTable } from '../../db/schema';

export type MessageWithSender = Awaited<ReturnType<typeof historyPage>>[number];

/** Characters of a quoted message read for its excerpt (the first line is cut from them). */
const QUOTE_READ_CHARS = 400;

/** A message with what presenting it takes: its sender, the message it replies to, who pinned it. */
function withSender(db: Kysely<Database>) {
  return db
    .selectFrom('messages')
    .innerJoin('users', 'users.id', 'messages.sender_id')
    .leftJoin('messages as quoted', 'quoted.id', 'messages.reply_to_id')
    .leftJoin('users as quoted_sender', 'quoted_sender.id', 'quoted.sender_id')
    .leftJoin('users as pinner', 'pinner.id', 'messages.pinned_by')
    .selectAll('messages')
    .select([
      'users.username as sender_username', 'users.deleted_at as sender_deleted_at',
      'quoted.seq as quoted_seq', sql<string | null>`substr(quoted.body, 1, ${sql.lit(QUOTE_READ_CHARS)})`.as('quoted_body'),
      'quoted.deleted_at as quoted_deleted_at', sql<number | null>`case when quoted.attachments is null then 0 else 1 end`.as('quoted_files'),
      'quoted.sender_id as quoted_sender_id', 'quoted_sender.username as quoted_sender_username', 'quoted_sender.deleted_at as quoted_sender_deleted_at',
      'pinner.username as pinner_username', 'pinner.deleted_at as pinner_deleted_at',
    ]);
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

// Runs before every send and finds nothing but for retries: only the id, the full row on a hit.
const byClientId = prepared<{ senderId: string; clientMsgId: string }, { id: string }>((db, slot) =>
  db.selectFrom('messages').select('id').where('sender_id', '=', slot('senderId')).where('client_msg_id', '=', slot('clientMsgId')),
);

export async function findByClientId(db: Kysely<Database>, senderId: string, clientMsgId: string): Promise<MessageWithSender | undefined> {
  const [hit] = await byClientId(db, { senderId, clientMsgId });
  return hit ? findById(db, hit.id) : undefined;
}

/**
 * Messages on both sides of `seq` (it included): half of `limit` before it, the rest from it on;
 * near either end the other side gets what is left, so a page stays full. One extra row each way
 * tells whether more exist.
 */
export async function historyAround(db: Kysely<Database>, conversationId: string, seq: number, limit: number) {
  const [before, after] = await Promise.all([
    withSender(db).where('messages.conversation_id', '=', conversationId).where('messages.seq', '<', seq)
      .orderBy('messages.seq', 'desc').limit(limit + 1).execute(),
    withSender(db).where('messages.conversation_id', '=', conversationId).where('messages.seq', '>=', seq)
      .orderBy('messages.seq', 'asc').limit(limit + 1).execute(),
  ]);
  const nBefore = Math.min(before.length, Math.max(Math.floor(limit / 2), limit - after.length));
  const nAfter = Math.min(after.length, limit - nBefore);
  return {
    rows: [...before.slice(0, nBefore).reverse(), ...after.slice(0, nAfter)],
    hasMore: before.length > nBefore,
    hasMoreAfter: after.length > nAfter,
  };
}

/** Pinned messages of a conversation, the most recently pinned first. */
export function pinnedMessages(db: Kysely<Database>, conversationId: string, limit: number) {
  return withSender(db)
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.pinned_at', 'is not', null)
    .orderBy('messages.pinned_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Takes the conversation's next sequence; the row stays locked until the transaction ends. The
 * activity time never moves back: a server clock set back (NTP step, wrong time fixed) stamps the
 * message with the conversation's last time, so times follow sequences within a conversation (ADR 0010).
 */
export const takeNextSeq = prepared<{ conversationId: string; now: number }, { last_seq: number; last_activity_at: number }>((db, slot) =>
  db
    .updateTable('conversations')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', 1),
      // CASE rather than max()/greatest(): the one spelling both dialects share.
      last_activity_at: eb.case().when('last_activity_at', '>', slot('now')).then(eb.ref('last_activity_at')).else(slot('now')).end(),
    }))
    .where('id', '=', slot('conversationId'))
    .returning(['last_seq', 'last_activity_at']),
);

type NewMessage = Pick<MessagesTable, 'id' | 'conversation_id' | 'seq' | 'sender_id' | 'body' | 'client_msg_id' | 'created_at' | 'attachments'>;

export const insertMessage = prepared<NewMessage, never>((db, slot) =>
  db.insertInto('messages').values({
    id: slot('id'), conversation_id: slot('conversation_id'), seq: slot('seq'), sender_id: slot('sender_id'), body: slot('body'),
    client_msg_id: slot('client_msg_id'), created_at: slot('created_at'), attachments: slot('attachments'),
  }),
);

/** What a send carries besides text and files, when it carries any of it (a second insert would cost every plain send). */
export type MessageExtrasRow = {
  reply_to_id: string | null;
  mentions: string | null;
  mentions_room: number;
  forwarded_from: string | null;
};

export const insertRichMessage = prepared<NewMessage & MessageExtrasRow, never>((db, slot) =>
  db.insertInto('messages').values({
    id: slot('id'), conversation_id: slot('conversation_id'), seq: slot('seq'), sender_id: slot('sender_id'), body: slot('body'),
    client_msg_id: slot('client_msg_id'), created_at: slot('created_at'), attachments: slot('attachments'),
    reply_to_id: slot('reply_to_id'), mentions: slot('mentions'), mentions_room: slot('mentions_room'), forwarded_from: slot('forwarded_from'),
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

/** Messages by id, in no particular order (search results). */
export function findByIds(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return withSender(db).where('messages.id', 'in', ids).execute();
}
