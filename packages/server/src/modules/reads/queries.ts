import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database>;

export interface ReadState {
  readSeq: number;
  unreadCount: number;
}

/** My read position and unread count (messages after it that others sent) for each conversation. */
export async function readStates(db: Db, viewerId: string, conversationIds: string[]): Promise<Map<string, ReadState>> {
  const out = new Map<string, ReadState>();
  if (conversationIds.length === 0) return out;
  const [positions, counts] = await Promise.all([
    db
      .selectFrom('members')
      .select(['conversation_id', 'read_seq'])
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
  ]);
  const unread = new Map(counts.map((c) => [c.conversation_id, Number(c.n)]));
  for (const p of positions) out.set(p.conversation_id, { readSeq: Number(p.read_seq), unreadCount: unread.get(p.conversation_id) ?? 0 });
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
