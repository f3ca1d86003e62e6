import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface MissedMessage {
  id: string;
  conversationId: string;
  seq: number;
  body: string;
  hasFiles: boolean;
  createdAt: number;
  sender: string;
  kind: 'room' | 'dm';
  /** The room's name; null for a direct conversation. */
  roomName: string | null;
}

/** At most this many of each kind are read (and covered) per mail; the rest wait for the next one. */
export const MISSED_READ_CAP = 100;

/**
 * Unread messages to this user that no missed-message email has covered: every message of their
 * direct conversations, and messages in rooms that mention them by name (@room does not: in a big
 * room it would mail everyone). Newer than `since` only, so turning the feature on does not mail a
 * backlog of months. Mentions are read through their own rows, so a room read long ago costs nothing.
 */
export async function missedMessages(db: Kysely<Database>, userId: string, since: number): Promise<MissedMessage[]> {
  // Nobody is mailed what someone they blocked wrote.
  const blocked = db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', userId);
  const base = (qb: ReturnType<typeof dmPart>) =>
    qb
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .innerJoin('users as s', 's.id', 'm.sender_id')
      .select(['m.id', 'm.conversation_id', 'm.seq', 'm.body', 'm.attachments', 'm.created_at', 's.username', 'c.kind', 'c.name'])
      .where('m.sender_id', '!=', userId)
      .where('m.sender_id', 'not in', blocked)
      .where('m.deleted_at', 'is', null)
      .where('m.created_at', '>=', since)
      .orderBy('m.created_at')
      .limit(MISSED_READ_CAP);
  const dmPart = () =>
    db
      .selectFrom('members as mb')
      .innerJoin('messages as m', (join) =>
        join.onRef('m.conversation_id', '=', 'mb.conversation_id').onRef('m.seq', '>', 'mb.read_seq').onRef('m.seq', '>', 'mb.mailed_seq'),
      )
      .where('mb.user_id', '=', userId);
  const [dms, mentions] = await Promise.all([
    base(dmPart()).where('c.kind', '=', 'dm').execute(),
    db
      .selectFrom('message_mentions as mm')
      .innerJoin('members as mb', (join) => join.onRef('mb.conversation_id', '=', 'mm.conversation_id').on('mb.user_id', '=', userId))
      .innerJoin('messages as m', 'm.id', 'mm.message_id')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .innerJoin('users as s', 's.id', 'm.sender_id')
      .select(['m.id', 'm.conversation_id', 'm.seq', 'm.body', 'm.attachments', 'm.created_at', 's.username', 'c.kind', 'c.name'])
      .where('mm.user_id', '=', userId)
      .whereRef('mm.seq', '>', 'mb.read_seq')
      .whereRef('mm.seq', '>', 'mb.mailed_seq')
      .where('c.kind', '=', 'room')
      .where('m.sender_id', '!=', userId)
      .where('m.sender_id', 'not in', blocked)
      .where('m.deleted_at', 'is', null)
      .where('m.created_at', '>=', since)
      .orderBy('m.created_at')
      .limit(MISSED_READ_CAP)
      .execute(),
  ]);
  return [...dms, ...mentions]
    .map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      seq: Number(r.seq),
      body: r.body,
      hasFiles: r.attachments !== null,
      createdAt: Number(r.created_at),
      sender: r.username,
      kind: r.kind,
      roomName: r.kind === 'room' ? r.name : null,
    }))
    .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
}

/** Marks the messages as mailed: per conversation, the highest sequence covered. */
export async function markMailed(db: Kysely<Database>, userId: string, messages: MissedMessage[], at: number): Promise<void> {
  const top = new Map<string, number>();
  for (const m of messages) top.set(m.conversationId, Math.max(top.get(m.conversationId) ?? 0, m.seq));
  await db.transaction().execute(async (trx) => {
    for (const [conversationId, seq] of top) {
      await trx
        .updateTable('members')
        .set({ mailed_seq: seq })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .where('mailed_seq', '<', seq)
        .execute();
    }
    await trx.updateTable('users').set({ missed_mail_at: at }).where('id', '=', userId).execute();
  });
}
