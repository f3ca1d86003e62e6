import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database>;

export interface ReadState {
  readSeq: number;
  unreadCount: number;
  mentionCount: number;
  role: 'owner' | 'moderator' | 'member';
}

/** My read position, unread count (messages after it that others sent) and unread mentions of me, for each conversation. */
export async function readStates(db: Db, viewerId: string, conversationIds: string[]): Promise<Map<string, ReadState>> {
  const out = new Map<string, ReadState>();
  if (conversationIds.length === 0) return out;
  const [positions, counts, named, room] = await Promise.all([
    db
      .selectFrom('members')
      .select(['conversation_id', 'read_seq', 'role'])
      .where('user_id', '=', viewerId)
      .where('conversation_id', 'in', conversationIds)
      .execute(),
    db
      .selectFrom('messages')
      .innerJoin('members', (join) =>
        join.onRef('members.conversation_id', '=', 'messages.conversation_id').on('members.user_id', '=', viewerId),
      )
      .select(['messages.conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('messages.conversation_id', 'in', conversationIds)
      .whereRef('messages.seq', '>', 'members.read_seq')
      .where('messages.sender_id', '!=', viewerId)
      .groupBy('messages.conversation_id')
      .execute(),
    // Mentions by id have a row each (never the sender's own, gone with a deletion)…
    db
      .selectFrom('message_mentions')
      .innerJoin('members', (join) =>
        join.onRef('members.conversation_id', '=', 'message_mentions.conversation_id').on('members.user_id', '=', viewerId),
      )
      .select(['message_mentions.conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('message_mentions.user_id', '=', viewerId)
      .where('message_mentions.conversation_id', 'in', conversationIds)
      .whereRef('message_mentions.seq', '>', 'members.read_seq')
      .groupBy('message_mentions.conversation_id')
      .execute(),
    // …and @room is the message's flag: such a message has no rows, so nothing counts twice.
    db
      .selectFrom('messages')
      .innerJoin('members', (join) =>
        join.onRef('members.conversation_id', '=', 'messages.conversation_id').on('members.user_id', '=', viewerId),
      )
      .select(['messages.conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('messages.conversation_id', 'in', conversationIds)
      .where('messages.mentions_room', '=', 1)
      .whereRef('messages.seq', '>', 'members.read_seq')
      .where('messages.sender_id', '!=', viewerId)
      .groupBy('messages.conversation_id')
      .execute(),
  ]);
  const unread = new Map(counts.map((c) => [c.conversation_id, Number(c.n)]));
  const mentions = new Map<string, number>();
  for (const c of [...named, ...room]) mentions.set(c.conversation_id, (mentions.get(c.conversation_id) ?? 0) + Number(c.n));
  for (const p of positions) {
    out.set(p.conversation_id, { readSeq: Number(p.read_seq), unreadCount: unread.get(p.conversation_id) ?? 0, mentionCount: mentions.get(p.conversation_id) ?? 0, role: p.role });
  }
  return out;
}

/** How far the other member of each direct conversation has read, for those who share it. */
export async function peerReadSeqs(db: Db, viewerId: string, dmIds: string[]): Promise<Map<string, number>> {
  if (dmIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['members.conversation_id', 'members.read_seq'])
    .where('members.conversation_id', 'in', dmIds)
    .where('members.user_id', '!=', viewerId)
    .where('users.read_receipts', '=', 1)
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, Number(r.read_seq)]));
}
